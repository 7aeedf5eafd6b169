#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "config/configuration.h"
#include "config/report_definition_loader.h"
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
}

BOOST_AUTO_TEST_CASE(service_workers_follow_the_office_and_the_entry_link_needs_its_id) {
    ScratchDirectory dir;
    auto config = [&](const std::string& service) {
        return write(dir.path() / "cr.xml", std::string(kHeader) + R"(
  <templates>tpl</templates>
  <output>out</output>
  <office><processes>3</processes></office>
)" + service + "\n</configuration>");
    };
    // No <workers>: twice the office processes, so runs overlap their registry and office work.
    auto loaded = Configuration::load(config(""));
    BOOST_TEST(loaded.service.workers == 6);
    BOOST_TEST(!loaded.service.entryLink.has_value());
    loaded = Configuration::load(config(
        "<service><entry-link>https://dms.example/handling/{id}</entry-link><workers>5</workers>"
        "</service>"));
    BOOST_TEST(loaded.service.workers == 5);
    BOOST_TEST(loaded.service.entryLink.value() == "https://dms.example/handling/{id}");
    for (const auto* wrong :
         {"https://dms.example/handling/", "dms.example/{id}", "javascript:{id}"}) {
        try {
            (void)Configuration::load(
                config(std::string("<service><entry-link>") + wrong + "</entry-link></service>"));
            BOOST_FAIL(std::string("entry-link accepted: ") + wrong);
        } catch (const XmlFileError& error) {
            BOOST_TEST(std::string(error.what()).find("entry-link") != std::string::npos,
                       error.what());
        }
    }
}

// <plugin> (the plugin library's path) is no longer read: a file that still has it is refused
// with a line saying so, before libxml2's "not expected".
BOOST_AUTO_TEST_CASE(the_retired_plugin_element_is_refused_with_a_line_saying_to_remove_it) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(
  <plugin>/usr/lib/committee-report-plugin.so</plugin>
  <templates>tpl</templates>
  <output>out</output>
  <office/>
</configuration>)");
    try {
        (void)Configuration::load(file);
        BOOST_FAIL("a configuration with <plugin> was accepted");
    } catch (const XmlFileError& error) {
        BOOST_REQUIRE(!error.details().empty());
        BOOST_TEST(error.details().front() ==
                       "rad 4: <plugin> används inte längre: värdprogrammet läser alltid in det "
                       "installerade tillägget (libcommittee-report.so.1). Ta bort elementet ur "
                       "konfigurationen.",
                   error.what());
        BOOST_TEST(std::string(error.what()).find("följer inte schemat configuration.xsd") !=
                       std::string::npos,
                   error.what());
    }
    // Without it the same file loads.
    write(file, std::string(kHeader) + R"(
  <templates>tpl</templates>
  <output>out</output>
  <office/>
</configuration>)");
    BOOST_TEST(Configuration::load(file).outputDirectory == dir.path() / "out");
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
        BOOST_TEST(
            message.find("Expected is one of ( site, templates )") != std::string::npos,
            message);
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
                              return std::string(e.what()).find("kan inte läsas") !=
                                     std::string::npos;
                          });
}

BOOST_AUTO_TEST_CASE(registry_settings_are_read_with_defaults_and_relative_paths) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(  <templates>tpl</templates>
  <output>out</output>
  <office/>
  <registry>
    <base-url>https://diarium.ekbacka.se/registry</base-url>
    <token-file>secrets/registry.token</token-file>
    <ca-file>ca.pem</ca-file>
    <read-timeout-seconds>7</read-timeout-seconds>
    <max-attempts>3</max-attempts>
  </registry>
</configuration>)");
    auto configuration = Configuration::load(file);
    BOOST_REQUIRE(configuration.registry.has_value());
    const auto& registry = *configuration.registry;
    BOOST_TEST(registry.baseUrl == "https://diarium.ekbacka.se/registry");
    BOOST_TEST(registry.tokenFile.value() == dir.path() / "secrets/registry.token");
    BOOST_TEST(!registry.tokenEnvironment.has_value());
    BOOST_TEST(registry.caFile.value() == dir.path() / "ca.pem");
    BOOST_TEST(registry.verifyCertificate);
    BOOST_TEST(registry.readTimeout.count() == 7);
    BOOST_TEST(registry.connectTimeout.count() == 10);
    BOOST_TEST(registry.maxAttempts == 3);
    BOOST_TEST(registry.totalTimeout.count() == 120);
    BOOST_TEST(registry.maxResponseBytes == 64 * 1024 * 1024);
    BOOST_TEST(registry.maxJsonResponseBytes == 8 * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(registry_token_from_the_environment_and_verification_off) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(  <templates>tpl</templates>
  <output>out</output>
  <office/>
  <registry>
    <base-url>http://127.0.0.1:8765</base-url>
    <token-environment>REGISTRY_TOKEN</token-environment>
    <verify-certificate>false</verify-certificate>
    <max-response-bytes>1048576</max-response-bytes>
    <max-json-response-bytes>65536</max-json-response-bytes>
  </registry>
</configuration>)");
    auto configuration = Configuration::load(file);
    BOOST_REQUIRE(configuration.registry.has_value());
    BOOST_TEST(configuration.registry->tokenEnvironment.value() == "REGISTRY_TOKEN");
    BOOST_TEST(!configuration.registry->tokenFile.has_value());
    BOOST_TEST(!configuration.registry->verifyCertificate);
    BOOST_TEST(configuration.registry->maxResponseBytes == 1048576);
    BOOST_TEST(configuration.registry->maxJsonResponseBytes == 65536);
}

BOOST_AUTO_TEST_CASE(a_configuration_without_registry_has_none) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(  <templates>tpl</templates>
  <output>out</output>
  <office/>
</configuration>)");
    BOOST_TEST(!Configuration::load(file).registry.has_value());
}

BOOST_AUTO_TEST_CASE(a_registry_needs_a_token_source_and_a_web_address) {
    ScratchDirectory dir;
    auto noToken =
        write(dir.path() / "a.xml", std::string(kHeader) + R"(  <templates>tpl</templates>
  <output>out</output>
  <office/>
  <registry>
    <base-url>http://127.0.0.1:8765</base-url>
  </registry>
</configuration>)");
    BOOST_CHECK_EXCEPTION((void)Configuration::load(noToken), XmlFileError,
                          [](const XmlFileError& e) {
                              std::string all = e.what();
                              for (const auto& d : e.details()) all += "\n" + d;
                              BOOST_TEST_MESSAGE(all);
                              return all.find("token-file") != std::string::npos &&
                                     all.find("rad 6") != std::string::npos;
                          });
    auto ftp = write(dir.path() / "b.xml", std::string(kHeader) + R"(  <templates>tpl</templates>
  <output>out</output>
  <office/>
  <registry>
    <base-url>ftp://diarium</base-url>
    <token-environment>T</token-environment>
  </registry>
</configuration>)");
    BOOST_CHECK_EXCEPTION((void)Configuration::load(ftp), XmlFileError, [](const XmlFileError& e) {
        std::string all = e.what();
        for (const auto& d : e.details()) all += "\n" + d;
        return all.find("base-url") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(site_settings_override_the_report_definitions_organisation) {
    ScratchDirectory dir;
    auto file = write(dir.path() / "cr.xml", std::string(kHeader) + R"(  <site>
    <committee>Individ- och familjenämnden</committee>
    <municipality>Lillsjö kommun</municipality>
    <signatory title="Förvaltningschef">Testa Signatur</signatory>
  </site>
  <templates>tpl</templates>
  <output>out</output>
  <log file="cr.log" rotate-mb="2" keep="3"/>
  <office/>
</configuration>)");
    auto configuration = Configuration::load(file);
    BOOST_TEST(configuration.logRotateMb == 2);
    BOOST_TEST(configuration.logKeep == 3);
    auto definition = committee_report::config::loadReportDefinition(
        fs::path(COMMITTEE_REPORT_SOURCE_DIR) /
        "templates/hot-och-desinformation/report-definition.xml");
    const auto shipped = definition.organisation;
    committee_report::config::applySiteSettings(definition, configuration.site);
    const auto& o = definition.organisation;
    BOOST_TEST(o.municipality == "Lillsjö kommun");
    BOOST_TEST(o.committee == "Individ- och familjenämnden");
    BOOST_TEST(o.headName == "Testa Signatur");
    BOOST_TEST(o.headTitle == "Förvaltningschef");
    // What the site leaves out stays as the definition says.
    BOOST_TEST(o.administration == shipped.administration);
    BOOST_TEST(o.authorUnit == shipped.authorUnit);
}

BOOST_AUTO_TEST_CASE(a_signatory_needs_a_title_and_site_values_may_not_be_blank) {
    ScratchDirectory dir;
    for (const std::string site :
         {"<signatory>Testa Signatur</signatory>", "<municipality> </municipality>"}) {
        auto file = write(dir.path() / "cr.xml", std::string(kHeader) + "  <site>" + site +
                                                     R"(</site>
  <templates>tpl</templates>
  <output>out</output>
  <office/>
</configuration>)");
        BOOST_CHECK_THROW((void)Configuration::load(file), XmlFileError);
    }
}

BOOST_AUTO_TEST_CASE(the_shipped_example_configuration_is_valid_and_names_the_example_site) {
    auto configuration = Configuration::load(fs::path(COMMITTEE_REPORT_SOURCE_DIR) /
                                             "install/committee-report.example.xml");
    BOOST_TEST(configuration.site.municipality.value() == "Ekbacka kommun");
    BOOST_TEST(configuration.logFile.value() ==
               fs::path("/var/log/committee-report/committee-report.log"));
    BOOST_TEST(configuration.logRotateMb == 10);
}

BOOST_AUTO_TEST_SUITE_END()
