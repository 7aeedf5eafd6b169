// The descriptor a DMS reads is the plugin's own description of itself: the
// committed install/committee-report-plugin.xml must equal what the built
// plugin generates, and be valid against schemas/plugin-descriptor.xsd.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "config/xml_schema_validation.h"
#include "committee_report/committee_report.hpp"
#include "plugin_descriptor.h"

using namespace committee_report;

BOOST_AUTO_TEST_SUITE(plugin_descriptor_test)

BOOST_AUTO_TEST_CASE(the_committed_descriptor_is_what_the_plugin_describes) {
    c_api::Plugin plugin(std::string(COMMITTEE_REPORT_BINARY_DIR) + "/committee-report.xml");
    const auto catalog = cli::ActionCatalog::parse(plugin.actionsJson());
    const auto generated =
        cli::pluginDescriptorXml(catalog, "libcommittee-report.so.1", PROJECT_VERSION);
    BOOST_REQUIRE_NO_THROW(
        (void)config::parseValidated(generated, "generated descriptor", "plugin-descriptor.xsd"));
    BOOST_TEST(catalog.actions.size() == 5u);
    for (const auto& action : catalog.actions)
        BOOST_TEST(generated.find("<label>" + action.label + "</label>") !=
                   std::string::npos);

    std::ifstream in(std::string(COMMITTEE_REPORT_SOURCE_DIR) +
                     "/install/committee-report-plugin.xml");
    std::stringstream committed;
    committed << in.rdbuf();
    BOOST_TEST(committed.str() == generated,
               "install/committee-report-plugin.xml is out of date: regenerate it with "
               "`committee-report --config build/committee-report.xml descriptor > "
               "install/committee-report-plugin.xml`");
}

BOOST_AUTO_TEST_CASE(a_broken_descriptor_is_refused_with_its_line) {
    const std::string broken =
        "<?xml version=\"1.0\"?>\n"
        "<plugin-descriptor xmlns=\"urn:x-committee-report:plugin-descriptor:1\" "
        "api-version=\"1\" version=\"1\">\n"
        "  <library>x.so</library>\n"
        "  <action id=\"Skapa\" menu=\"case\" "
        "role=\"r\"><label>x</label><description>y</description></action>\n"
        "</plugin-descriptor>\n";
    BOOST_CHECK_EXCEPTION(
        (void)config::parseValidated(broken, "descriptor", "plugin-descriptor.xsd"),
        config::XmlFileError, [](const config::XmlFileError& error) {
            return std::string(error.what()).find("rad 4") != std::string::npos;
        });
}

BOOST_AUTO_TEST_SUITE_END()
