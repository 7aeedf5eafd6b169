// The service's real answers, checked against the OpenAPI document it serves
// (schemas/openapi.json) by tests/integration/service/check_openapi.py.
#include <Poco/JSON/Array.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>

#include "fakes/fake_committee_report.h"
#include "service_fixture.h"

using namespace committee_report;
using tests::ServiceFixture;

BOOST_AUTO_TEST_SUITE(openapi_conformance_test)

BOOST_AUTO_TEST_CASE(every_answer_is_documented_and_matches_its_schema) {
    tests::fake_plugin::reset();
    config::ServiceSettings settings;
    settings.workers = 1;
    settings.maxQueuedRuns = 1;
    settings.maxBodyBytes = 4096;
    ServiceFixture service(settings);
    Poco::JSON::Array recorded;
    auto record = [&](const std::string& method, const std::string& path,
                      const std::string& body = "", std::map<std::string, std::string> headers = {},
                      const std::string& token = tests::kToken) {
        const auto answer = service.request(method, path, body, headers, token);
        Poco::JSON::Object entry;
        entry.set("method", method);
        entry.set("path", path);
        entry.set("status", answer.status);
        entry.set("contentType",
                  answer.headers.count("Content-Type") ? answer.headers.at("Content-Type") : "");
        entry.set("body", answer.body);
        recorded.add(entry);
        return answer;
    };
    const std::string create =
        R"({"action":"skapa-tjansteskrivelse","case":"2024SOCN33","user":"u1","roles":["handlaggare"]})";
    record("GET", "/api/v1/openapi.json", "", {}, "");
    record("GET", "/healthz", "", {}, "");
    record("GET", "/readyz", "", {}, "");
    record("GET", "/metrics");
    record("GET", "/api/v1/actions");
    record("GET", "/api/v1/actions", "", {}, "");
    const auto done = record("POST", "/api/v1/runs", create, {{"Idempotency-Key", "a"}});
    const auto location = done.headers.at("Location");
    service.waitForEnd(location);
    record("GET", location);
    record("POST", "/api/v1/runs", create, {{"Idempotency-Key", "a"}});
    record("POST", "/api/v1/runs", R"({"action":"provutskrift","user":"u1","roles":[]})",
           {{"Idempotency-Key", "a"}});
    record("DELETE", location);
    record("GET", location + "/events");
    record("POST", "/api/v1/runs", "{", {});
    record("POST", "/api/v1/runs", R"({"action":"x","user":"u","roles":[]})");
    record("POST", "/api/v1/runs", create, {{"Content-Type", "text/plain"}});
    record("POST", "/api/v1/runs", std::string(5000, ' '));
    record("GET", "/api/v1/runs/ffffffffffffffffffffffffffffffff");
    tests::fake_plugin::hold(true);
    const auto held = record("POST", "/api/v1/runs", create);
    while (tests::fake_plugin::runsStarted() < 2)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    record("POST", "/api/v1/runs", create);
    record("POST", "/api/v1/runs", create);  // 429
    record("GET", held.headers.at("Location"));
    record("DELETE", held.headers.at("Location"));
    tests::fake_plugin::hold(false);
    const auto link = ServiceFixture::signedLink(
        {{"action", "skapa-tjansteskrivelse"}, {"case", "2024SOCN33"}, {"user", "u1"}});
    record("GET", link, "", {}, "");
    record("GET", link, "", {}, "");

    const auto answers = service.scratch.path() / "answers.json";
    {
        std::ofstream out(answers);
        recorded.stringify(out);
    }
    const std::string command = std::string("python3 ") + COMMITTEE_REPORT_SOURCE_DIR +
                                "/tests/integration/service/check_openapi.py " +
                                COMMITTEE_REPORT_SOURCE_DIR + "/schemas/openapi.json " +
                                answers.string();
    BOOST_TEST(std::system(command.c_str()) == 0);
    tests::fake_plugin::reset();
}

BOOST_AUTO_TEST_SUITE_END()
