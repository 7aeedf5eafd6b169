// `committee-report serve` over https, as an administrator sets it up: a certificate from
// the municipality's CA, optionally client certificates from that CA instead of tokens
// (mutual TLS). The CA and certificates are made here with the openssl command line.
// And a refused call (401) is logged without the credential it carried.
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>

#include <boost/test/unit_test.hpp>

#include "service_process.h"

using namespace committee_report;
using tests::ServiceProcess;
using tests::ServiceProcessOptions;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A CA, a server certificate for 127.0.0.1 and client certificates, in `folder`.
struct Certificates {
    explicit Certificates(const fs::path& folder) : folder(folder) {
        Poco::Net::initializeSSL();
        makeCa("ca", "Testkommunens CA");
        makeCa("other-ca", "Someone else's CA");
        issue("ca", "server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        issue("ca", "client", "dms-client", "extendedKeyUsage=clientAuth");
        issue("other-ca", "stranger", "dms-client", "extendedKeyUsage=clientAuth");
    }
    void makeCa(const std::string& name, const std::string& commonName) {
        (void)tests::runCommand("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                                "-nodes -days 2 -subj " +
                                tests::shellQuote("/CN=" + commonName) + " -keyout " +
                                file(name + ".key") + " -out " + file(name + ".pem") +
                                " 2>/dev/null");
    }
    void issue(const std::string& ca, const std::string& name, const std::string& commonName,
               const std::string& extension) {
        std::ofstream(folder / (name + ".ext")) << extension << "\n";
        (void)tests::runCommand(
            "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj " +
            tests::shellQuote("/CN=" + commonName) + " -keyout " + file(name + ".key") + " -out " +
            file(name + ".csr") + " 2>/dev/null && openssl x509 -req -days 2 -in " +
            file(name + ".csr") + " -CA " + file(ca + ".pem") + " -CAkey " + file(ca + ".key") +
            " -CAcreateserial -extfile " + file(name + ".ext") + " -out " + file(name + ".pem") +
            " 2>/dev/null");
        ::chmod((folder / (name + ".key")).c_str(), 0600);
    }
    [[nodiscard]] std::string file(const std::string& name) const {
        return tests::shellQuote((folder / name).string());
    }
    [[nodiscard]] std::string path(const std::string& name) const {
        return (folder / name).string();
    }
    // What a DMS's HTTPS client holds: the CA it trusts, and its own certificate if any.
    [[nodiscard]] Poco::Net::Context::Ptr client(const std::string& certificate = "") const {
        return new Poco::Net::Context(
            Poco::Net::Context::TLS_CLIENT_USE, certificate.empty() ? "" : path(certificate + ".key"),
            certificate.empty() ? "" : path(certificate + ".pem"), path("ca.pem"),
            Poco::Net::Context::VERIFY_RELAXED, 9, false);
    }
    fs::path folder;
};

std::string tlsBlock(const Certificates& certificates, bool mutual) {
    return "    <tls><certificate-file>" + certificates.path("server.pem") +
           "</certificate-file><key-file>" + certificates.path("server.key") + "</key-file>" +
           (mutual ? "<client-ca-file>" + certificates.path("ca.pem") + "</client-ca-file>" : "") +
           "</tls>\n";
}

struct Setup {
    tests::ScratchDirectory folder;
    Certificates certificates{folder.path()};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tls_service_test)

BOOST_FIXTURE_TEST_CASE(https_with_a_token_and_a_certificate_the_client_checks, Setup) {
    ServiceProcessOptions options;
    options.startRegistry = false;
    options.tlsBlock = tlsBlock(certificates, false);
    ServiceProcess service(options);
    BOOST_TEST(service.baseUrl.rfind("https://127.0.0.1:", 0) == 0, service.baseUrl);
    service.tlsContext = certificates.client();
    BOOST_TEST(service.request("GET", "/healthz", "", {}, "").status == 200);
    const auto actions = service.request("GET", "/api/v1/actions");
    BOOST_TEST(actions.status == 200);
    BOOST_TEST(contains(actions.body, "Skapa tjänsteskrivelse"));
    // Over https too, a token is needed when there is no client CA.
    BOOST_TEST(service.request("GET", "/api/v1/actions", "", {}, "").status == 401);

    // Plain http to the https port gets no answer a client could take for one.
    tests::HttpAnswer plain;
    service.https = false;
    try {
        plain = service.request("GET", "/healthz", "", {}, "");
    } catch (const Poco::Exception&) {
        plain.status = -1;
    }
    BOOST_TEST(plain.status != 200);
}

BOOST_FIXTURE_TEST_CASE(mutual_tls_names_the_client_from_its_certificate, Setup) {
    ServiceProcessOptions options;
    options.startRegistry = false;
    options.tlsBlock = tlsBlock(certificates, true);
    ServiceProcess service(options);
    service.tlsContext = certificates.client("client");

    // A certificate from the configured CA stands in for the token.
    const auto actions = service.request("GET", "/api/v1/actions", "", {}, "");
    BOOST_TEST(actions.status == 200);
    const auto posted = service.request(
        "POST", "/api/v1/runs",
        R"({"action":"provutskrift","case":"2024SOCN33","user":"u-cert","roles":["administrator"],"parameters":{"datum":"2024-05-20"}})",
        {}, "");
    BOOST_TEST_REQUIRE(posted.status == 202, posted.body);
    const auto run = service.waitForEnd(posted.headers.at("Location"), "");
    BOOST_TEST(run->getValue<std::string>("state") == "ok");
    // The audit log names the client by its certificate, and the user it asserted.
    const auto audit = service.auditLog();
    BOOST_TEST(contains(audit, "\"client\":\"cert:dms-client\""), audit);
    BOOST_TEST(contains(audit, "\"user\":\"u-cert\""), audit);

    // Without a certificate the token still works, and nothing else does.
    service.tlsContext = certificates.client();
    BOOST_TEST(service.request("GET", "/api/v1/actions").status == 200);
    BOOST_TEST(service.request("GET", "/api/v1/actions", "", {}, "").status == 401);

    // A certificate from another CA is refused in the handshake.
    service.tlsContext = certificates.client("stranger");
    bool refused = false;
    try {
        refused = service.request("GET", "/api/v1/actions", "", {}, "").status == 401;
    } catch (const Poco::Exception&) {
        refused = true;
    }
    BOOST_TEST(refused);
}

BOOST_AUTO_TEST_CASE(a_refused_call_is_logged_without_its_credential) {
    ServiceProcessOptions options;
    options.startRegistry = false;
    ServiceProcess service(options);
    const std::string guessed = "guessed-token-5f2b9c0e7a1d";
    const auto wrong = service.request("GET", "/api/v1/actions", "", {}, guessed);
    BOOST_TEST(wrong.status == 401);
    BOOST_TEST(wrong.errorCode() == "ej-behorig");
    BOOST_TEST(wrong.headers.at("WWW-Authenticate") == "Bearer");
    BOOST_TEST(!contains(wrong.body, guessed));
    const auto basic = service.request("GET", "/api/v1/runs/abc", "",
                                       {{"Authorization", "Basic ZG1zOnNlY3JldC1wYXNzd29yZA=="}}, "");
    BOOST_TEST(basic.status == 401);
    // The log file has each refusal, with why, and neither credential.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    std::string log;
    while (!contains(log = service.log(), "not a bearer token") &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    BOOST_TEST(contains(log, "401 for GET /api/v1/actions"), log);
    BOOST_TEST(contains(log, "unknown token"), log);
    BOOST_TEST(contains(log, "not a bearer token"), log);
    BOOST_TEST(!contains(log, guessed));
    BOOST_TEST(!contains(log, "ZG1zOnNlY3JldC1wYXNzd29yZA"));
    BOOST_TEST(!contains(service.stderrText(), guessed));
    const auto metrics = service.request("GET", "/metrics").body;
    BOOST_TEST(contains(metrics, "committee_report_unauthorized_total 2"), metrics);
}

BOOST_AUTO_TEST_SUITE_END()
