// The reference registry itself, spoken to in raw HTTP: the parts of the
// contract the client does not exercise on its own (ordering, the page cap,
// empty lists, filter errors, ETag/If-Match, idempotent create status codes).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "fakes/reference_registry_process.h"
#include "support/document_inspection.h"

using committee_report::tests::ReferenceRegistryProcess;
using Poco::JSON::Object;

namespace {

struct Answer {
    int status = 0;
    std::string body;
    std::string etag;
    std::string location;
    Object::Ptr json() const {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Object::Ptr>();
    }
};

struct Raw {
    ReferenceRegistryProcess server;

    Answer call(const std::string& method, const std::string& target, const std::string& body = {},
                const std::string& token = ReferenceRegistryProcess::kWriteToken,
                const std::string& ifMatch = {}, const std::string& type = "application/json") {
        const Poco::URI base(server.baseUrl());
        Poco::Net::HTTPClientSession session(base.getHost(), base.getPort());
        Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token.empty()) request.set("Authorization", "Bearer " + token);
        if (!ifMatch.empty()) request.set("If-Match", ifMatch);
        if (method != "GET") {
            request.setContentType(type);
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::ostringstream text;
        text << session.receiveResponse(response).rdbuf();
        return {static_cast<int>(response.getStatus()), text.str(), response.get("ETag", ""),
                response.get("Location", "")};
    }
    static std::string query(const std::string& path, const std::string& filter,
                             const std::string& extra = {}) {
        Poco::URI uri(path);
        if (!filter.empty()) uri.addQueryParameter("$filter", filter);
        std::string target = uri.getPathEtc();
        return target + extra;
    }
    std::string initiativeId() {
        auto list = call("GET", query("/api/arende", "diarienummer eq '2024SOCN33'")).json();
        return list->getArray("results")->getObject(0)->getValue<std::string>("systemId");
    }
};

}  // namespace

extern char** environ;

BOOST_FIXTURE_TEST_SUITE(reference_registry_test, Raw)

BOOST_AUTO_TEST_CASE(the_api_root_links_cases_and_meetings) {
    const auto root = call("GET", "/api");
    BOOST_TEST(root.status == 200);
    const auto links = root.json()->getObject("_links");
    BOOST_TEST(links->getObject("arende")->getValue<std::string>("href") ==
               server.baseUrl() + "/api/arende");
    BOOST_TEST(links->getObject("sammantrade")->getValue<std::string>("href") ==
               server.baseUrl() + "/api/sammantrade");
}

BOOST_AUTO_TEST_CASE(pages_are_capped_at_100_and_counted_in_full) {
    const auto page =
        call("GET", query("/api/arende", "arendetyp eq 'HOT_VALD'", "&%24top=200")).json();
    BOOST_TEST(page->getArray("results")->size() == 100u);
    BOOST_TEST(page->getValue<int>("count") ==
               server.queryNumber("SELECT COUNT(*) FROM arende WHERE arendetyp = 'HOT_VALD'"));
    const auto next = page->getObject("_links")->getObject("next")->getValue<std::string>("href");
    BOOST_TEST(next.find("%24skip=100") != std::string::npos, next);
}

// Case lists are served from a cache of pre-rendered pages; tests change the
// database file directly (sqlite3), and a list must show that at once.
BOOST_AUTO_TEST_CASE(a_case_list_shows_changes_made_to_the_database_file_directly) {
    const auto target = query("/api/arende", "arendetyp eq 'DESINFO'");
    const auto before = call("GET", target).json();  // fills the cache for this filter
    const int count = before->getValue<int>("count");
    const auto id = before->getArray("results")->getObject(0)->getValue<std::string>("systemId");

    BOOST_TEST(server.queryNumber("UPDATE arende SET json = json_set(json, '$.arendemening', "
                                  "'Ändrad utanför API:t') WHERE id = ? RETURNING 1",
                                  {id}) == 1);
    const auto changed = call("GET", target).json()->getArray("results")->getObject(0);
    BOOST_TEST(changed->getValue<std::string>("systemId") == id);
    BOOST_TEST(changed->getValue<std::string>("arendemening") == "Ändrad utanför API:t");

    BOOST_TEST(server.queryNumber("DELETE FROM arende WHERE id = ? RETURNING 1", {id}) == 1);
    const auto fewer = call("GET", target).json();
    BOOST_TEST(fewer->getValue<int>("count") == count - 1);
    BOOST_TEST(fewer->getArray("results")->getObject(0)->getValue<std::string>("systemId") != id);
}

BOOST_AUTO_TEST_CASE(an_empty_list_has_a_count_of_zero_and_no_results) {
    const auto empty = call("GET", query("/api/arende", "diarienummer eq 'finns-inte'"));
    BOOST_TEST(empty.status == 200);
    BOOST_TEST(empty.json()->getValue<int>("count") == 0);
    BOOST_TEST(!empty.json()->has("results"));
}

BOOST_AUTO_TEST_CASE(cases_can_be_ordered_by_registration_date_descending) {
    const auto page =
        call("GET",
             query("/api/arende", "arendetyp eq 'DESINFO' and registreringsdatum ge 2023-01-01",
                   "&%24orderby=registreringsdatum%20desc&%24top=20"))
            .json();
    const auto results = page->getArray("results");
    BOOST_REQUIRE(results->size() == 20u);
    std::string previous = "9999-12-31";
    for (std::size_t i = 0; i < results->size(); ++i) {
        const auto date = results->getObject(static_cast<unsigned>(i))
                              ->getValue<std::string>("registreringsdatum");
        BOOST_TEST(date <= previous);
        BOOST_TEST(date >= "2023-01-01");
        previous = date;
    }
}

BOOST_AUTO_TEST_CASE(bad_filters_are_400_with_a_code) {
    const auto unknown = call("GET", query("/api/arende", "farg eq 'bla'"));
    BOOST_TEST(unknown.status == 400);
    BOOST_TEST(unknown.json()->getObject("fel")->getValue<std::string>("kod") == "OKANT_FALT");
    const auto syntax =
        call("GET", query("/api/arende", "arendetyp eq 'HOT_VALD' or status eq 'P'"));
    BOOST_TEST(syntax.status == 400);
    BOOST_TEST(syntax.json()->getObject("fel")->getValue<std::string>("kod") == "FILTER_SYNTAX");
    BOOST_TEST(call("GET", "/api/arende", {}, "").status == 401);
}

BOOST_AUTO_TEST_CASE(creates_are_idempotent_and_a_stale_etag_is_412) {
    const std::string body =
        R"({"rubrik": "Tjänsteskrivelse", "riktning": {"kode": "U"}, "handlingstyp": {"kode": "TJS"},
            "status": {"kode": "UTKAST", "kodenavn": "Utkast"}, "upprattad": "2024-05-20",
            "externReferens": "raw:1"})";
    const auto created = call("POST", "/api/arende/" + initiativeId() + "/ny-handling", body);
    BOOST_TEST(created.status == 201);
    BOOST_TEST(!created.location.empty());
    const auto again = call("POST", "/api/arende/" + initiativeId() + "/ny-handling", body);
    BOOST_TEST(again.status == 200);
    const auto id = created.json()->getValue<std::string>("systemId");
    BOOST_TEST(again.json()->getValue<std::string>("systemId") == id);

    const auto etag = call("GET", "/api/handling/" + id).etag;
    BOOST_REQUIRE(!etag.empty());
    const std::string patch = R"({"status": {"kode": "KLAR", "kodenavn": "Klar"}})";
    BOOST_TEST(call("PATCH", "/api/handling/" + id, patch, ReferenceRegistryProcess::kWriteToken,
                    etag, "application/merge-patch+json")
                   .status == 200);
    const auto stale =
        call("PATCH", "/api/handling/" + id, patch, ReferenceRegistryProcess::kWriteToken, etag,
             "application/merge-patch+json");
    BOOST_TEST(stale.status == 412);
    BOOST_TEST(call("POST", "/api/arende/" + initiativeId() + "/ny-handling", body,
                    ReferenceRegistryProcess::kWriteToken, {}, "text/plain")
                   .status == 415);
}

BOOST_AUTO_TEST_CASE(a_server_whose_starter_is_killed_outright_stops_by_itself) {
    // A shell stands in for a test that starts a server with --parent-pid and is then
    // killed with SIGKILL: the server must not be left running.
    const auto urlFile = server.database().parent_path() / "orphan-url";
    const std::string script =
        "\"$0\" serve --db \"$1\" --port 0 --parent-pid $$ >\"$2\" 2>/dev/null & echo $! "
        ">\"$2.pid\"; "
        "wait";
    std::vector<std::string> arguments{"/bin/sh",
                                       "-c",
                                       script,
                                       ReferenceRegistryProcess::executable().string(),
                                       server.database().string(),
                                       urlFile.string()};
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    pid_t shell = -1;
    BOOST_REQUIRE(posix_spawn(&shell, argv[0], nullptr, nullptr, argv.data(), environ) == 0);

    // Wait (at most 10 s) until the server listens, i.e. has printed its URL.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string url;
    pid_t serverPid = -1;
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream(urlFile) >> url;
        std::ifstream(urlFile.string() + ".pid") >> serverPid;
        if (url.rfind("http://127.0.0.1:", 0) == 0 && serverPid > 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_REQUIRE_MESSAGE(url.rfind("http://127.0.0.1:", 0) == 0, "the server did not start");
    BOOST_REQUIRE(serverPid > 0);
    BOOST_TEST(committee_report::tests::processAlive(serverPid));

    kill(shell, SIGKILL);
    int status = 0;
    waitpid(shell, &status, 0);
    const auto stopBy = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (committee_report::tests::processAlive(serverPid) &&
           std::chrono::steady_clock::now() < stopBy)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const bool stopped = !committee_report::tests::processAlive(serverPid);
    if (!stopped) kill(serverPid, SIGKILL);  // leave nothing behind, even when failing
    BOOST_TEST(stopped, "the server outlived the process that started it");
}

BOOST_AUTO_TEST_SUITE_END()
