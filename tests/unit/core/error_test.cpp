// Every area's error is one committee_report::Error: the plugin boundary reads
// the Swedish message, the English log line and the run's status from it alone.
#include "core/error.h"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>

#include "config/xml_schema_validation.h"
#include "core/report_error.h"
#include "office/office_error.h"
#include "registry/registry_error.h"

using namespace committee_report;

namespace {

struct Seen {
    Status status;
    std::string message;
    std::string logDetail;
};

// What the boundary sees when `raise` throws.
Seen caughtAtBoundary(const std::function<void()>& raise) {
    try {
        raise();
    } catch (const Error& error) {
        return {error.status(), error.userMessage(), error.logDetail()};
    }
    BOOST_FAIL("nothing was thrown");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(error_test)

BOOST_AUTO_TEST_CASE(registry_errors_say_whether_to_try_again) {
    const auto timeout = caughtAtBoundary([] {
        throw registry::RegistryError(registry::ErrorKind::Timeout,
                                      "Diariet svarade inte i tid. Försök igen om en stund.",
                                      "GET /arenden: no answer in 30 s");
    });
    BOOST_TEST((timeout.status == Status::Unavailable));
    BOOST_TEST(timeout.message == "Diariet svarade inte i tid. Försök igen om en stund.");
    BOOST_TEST(timeout.logDetail == "registry: timeout: GET /arenden: no answer in 30 s");

    const auto locked = caughtAtBoundary([] {
        throw registry::RegistryError(registry::ErrorKind::AgendaLocked, "Dagordningen är låst.",
                                      "409 DAGORDNING_LAST", 409, "DAGORDNING_LAST");
    });
    BOOST_TEST((locked.status == Status::Refused));
    const auto forbidden = caughtAtBoundary([] {
        throw registry::RegistryError(registry::ErrorKind::Forbidden, "Token saknar rätt.", "403");
    });
    BOOST_TEST((forbidden.status == Status::NotAllowed));
    const auto bad = caughtAtBoundary([] {
        throw registry::RegistryError(registry::ErrorKind::BadResponse,
                                      "Svaret gick inte att läsa.", "malformed JSON");
    });
    BOOST_TEST((bad.status == Status::Failed));
}

BOOST_AUTO_TEST_CASE(office_errors_keep_the_office_detail_in_the_log) {
    const auto died = caughtAtBoundary([] {
        throw office::OfficeError(office::OfficeError::Kind::ProcessDied,
                                  "Kontorsprogrammet avslutades oväntat.", "exit status 139");
    });
    BOOST_TEST((died.status == Status::Unavailable));
    BOOST_TEST(died.message == "Kontorsprogrammet avslutades oväntat.");
    BOOST_TEST(died.logDetail == "office: exit status 139");
    const auto invalid = caughtAtBoundary([] {
        throw office::OfficeError(office::OfficeError::Kind::TemplateInvalid, "Mallen saknas.",
                                  "Unsupported URL <file:///x.ott>");
    });
    BOOST_TEST((invalid.status == Status::Failed));
    BOOST_TEST(invalid.logDetail == "office: Unsupported URL <file:///x.ott>");
}

BOOST_AUTO_TEST_CASE(a_configuration_error_tells_the_official_to_contact_the_administrator) {
    const auto seen = caughtAtBoundary(
        [] { throw config::XmlFileError("Filen /etc/cr.xml är inte giltig.", {"rad 3: fel"}); });
    BOOST_TEST((seen.status == Status::Failed));
    BOOST_TEST(seen.message ==
               "Konfigurationen kan inte användas. Kontakta administratören.\n"
               "Filen /etc/cr.xml är inte giltig.\n  rad 3: fel");
    BOOST_TEST(seen.logDetail == "configuration: Filen /etc/cr.xml är inte giltig.\n  rad 3: fel");
}

BOOST_AUTO_TEST_CASE(personal_data_in_the_output_refuses_the_report) {
    const auto guard = caughtAtBoundary(
        [] { throw core::PersonalDataInOutput("Rapporten innehåller ett personnummer (del 2)."); });
    BOOST_TEST((guard.status == Status::Refused));
    BOOST_TEST(guard.logDetail ==
               "personal data guard: Rapporten innehåller ett personnummer (del 2).");
    const auto report =
        caughtAtBoundary([] { throw core::ReportError("Perioden innehåller inga ärenden."); });
    BOOST_TEST((report.status == Status::Failed));
    BOOST_TEST(report.logDetail == "report: Perioden innehåller inga ärenden.");
}

BOOST_AUTO_TEST_CASE(an_error_without_detail_logs_its_message) {
    const auto seen =
        caughtAtBoundary([] { throw Error(Status::InvalidInput, "Ange ärendets diarienummer."); });
    BOOST_TEST((seen.status == Status::InvalidInput));
    BOOST_TEST(seen.logDetail == "Ange ärendets diarienummer.");
}

BOOST_AUTO_TEST_SUITE_END()
