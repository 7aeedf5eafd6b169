#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "config/configuration.h"
#include "config/xml_schema_validation.h"
#include "scratch_directory.h"

namespace fs = std::filesystem;
using committee_report::config::Configuration;
using committee_report::config::XmlFileError;
using committee_report::tests::ScratchDirectory;

namespace {

fs::path write(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
    return file;
}

const char* const kHeader = R"(<?xml version="1.0" encoding="UTF-8"?>
<configuration xmlns="urn:x-committee-report:configuration:1">
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(configuration_test)

BOOST_AUTO_TEST_CASE(reads_paths_relative_to_the_file_and_office_settings) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(
  <templates>tpl</templates>
  <output>/srv/out</output>
  <log file="log/cr.log" level="debug"/>
  <office><processes>2</processes><job-timeout-seconds>45</job-timeout-seconds></office>
</configuration>)");
    auto configuration = Configuration::load(file);
    BOOST_TEST(configuration.templatesDirectory == dir.path() / "tpl");
    BOOST_TEST(configuration.outputDirectory == fs::path("/srv/out"));
    BOOST_TEST(configuration.logFile.value() == dir.path() / "log/cr.log");
    BOOST_TEST(configuration.logLevel == "debug");
    BOOST_TEST(configuration.office.processes == 2);
    BOOST_TEST(configuration.office.jobTimeout.count() == 45);
    BOOST_TEST(configuration.office.startTimeout.count() == 60);
    BOOST_TEST(!configuration.pluginLibrary.has_value());
}

BOOST_AUTO_TEST_CASE(an_invalid_value_is_reported_with_its_line_and_what_is_expected) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(  <templates>tpl</templates>
  <output>out</output>
  <office>
    <processes>0</processes>
  </office>
</configuration>)");
    try {
        (void)Configuration::load(file);
        BOOST_FAIL("an invalid configuration was accepted");
    } catch (const XmlFileError& error) {
        const std::string message = error.what();
        BOOST_TEST_MESSAGE(message);
        BOOST_TEST(message.find(file.string()) != std::string::npos);
        BOOST_TEST(message.find("rad 6") != std::string::npos);
        BOOST_TEST(message.find("processes") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(a_missing_element_names_what_was_expected) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(  <output>out</output>
  <office/>
</configuration>)");
    try {
        (void)Configuration::load(file);
        BOOST_FAIL("a configuration without templates was accepted");
    } catch (const XmlFileError& error) {
        const std::string message = error.what();
        BOOST_TEST(message.find("rad 3") != std::string::npos);
        BOOST_TEST(message.find("Expected is one of ( plugin, templates )") !=
                   std::string::npos, message);
    }
}

BOOST_AUTO_TEST_CASE(malformed_xml_and_missing_files_say_so) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + "<templates>x</output>");
    BOOST_CHECK_EXCEPTION((void)Configuration::load(file), XmlFileError, [](const XmlFileError& e) {
        return std::string(e.what()).find("inte välformad") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION((void)Configuration::load(dir.path() / "missing.xml"), XmlFileError,
                          [](const XmlFileError& e) {
                              return std::string(e.what()).find("kan inte läsas") != std::string::npos;
                          });
}

BOOST_AUTO_TEST_SUITE_END()
