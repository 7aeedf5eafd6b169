// https to the registry: the server's certificate is verified by default,
// a configured CA file is trusted, and switching verification off works but
// is logged as a warning. No log line ever holds the token.
#include <boost/test/unit_test.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <cstdlib>

#include "registry_test_support.h"
#include "scratch_directory.h"

using namespace committee_report;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using committee_report::tests::ReferenceRegistryProcess;

namespace {

// Every message logged by the registry client while it lives.
class CapturingChannel final : public Poco::Channel {
  public:
    void log(const Poco::Message& message) override {
        messages.push_back({message.getPriority(), message.getText()});
    }
    std::vector<std::pair<Poco::Message::Priority, std::string>> messages;
};

// A self-signed certificate for `name` (subjectAltName, e.g. "IP:127.0.0.1").
bool makeCertificate(const std::string& commonName, const std::string& altName,
                     const std::filesystem::path& key, const std::filesystem::path& certificate) {
    return std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" +
                        commonName + " -addext subjectAltName=" + altName + " -keyout " +
                        key.string() + " -out " + certificate.string() + " 2>/dev/null")
                           .c_str()) == 0;
}

struct TlsRegistry {
    tests::ScratchDirectory dir;
    std::filesystem::path certificate = dir.path() / "registry.pem";
    std::filesystem::path key = dir.path() / "registry.key";
    bool generated = makeCertificate("127.0.0.1", "IP:127.0.0.1", key, certificate);
    ReferenceRegistryProcess server{ReferenceRegistryProcess::Options{
        .testMode = false,
        .extraArguments = {"--tls-cert", certificate.string(), "--tls-key", key.string()}}};
    Poco::AutoPtr<CapturingChannel> channel = new CapturingChannel;
    Poco::Channel::Ptr previousChannel;
    int previousLevel;

    TlsRegistry() {
        auto& logger = Poco::Logger::get("committee_report.registry");
        previousChannel = logger.getChannel();
        previousLevel = logger.getLevel();
        logger.setChannel(channel);
        logger.setLevel(Poco::Message::PRIO_DEBUG);
    }
    ~TlsRegistry() {
        auto& logger = Poco::Logger::get("committee_report.registry");
        logger.setChannel(previousChannel);
        logger.setLevel(previousLevel);
    }
};

// A certificate the client trusts (its ca-file), but made out to another host than the
// one served: the registry on 127.0.0.1 presenting wrong.example's certificate.
struct WrongHostRegistry {
    tests::ScratchDirectory dir;
    std::filesystem::path certificate = dir.path() / "wrong-host.pem";
    std::filesystem::path key = dir.path() / "wrong-host.key";
    bool generated = makeCertificate("wrong.example", "DNS:wrong.example", key, certificate);
    ReferenceRegistryProcess server{ReferenceRegistryProcess::Options{
        .testMode = false,
        .extraArguments = {"--tls-cert", certificate.string(), "--tls-key", key.string()}}};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_tls_test)

BOOST_FIXTURE_TEST_CASE(a_trusted_certificate_for_another_host_is_refused, WrongHostRegistry) {
    BOOST_REQUIRE(generated);
    auto options = tests::testOptions(server);
    options.caFile = certificate;  // trusted: only the host name is wrong
    auto clock = std::make_shared<tests::RecordingClock>();
    auto client = tests::testClient(options, ReferenceRegistryProcess::kReadToken, clock);
    const auto error =
        tests::failureOf<RegistryError>([&] { (void)client->findCaseByDnr("2024SOCN33"); });
    BOOST_TEST((error.kind() == ErrorKind::Certificate));
    BOOST_TEST(std::string(error.what())
                       .find("(127.0.0.1) kunde inte upprättas; certifikatet "
                             "kunde inte verifieras") != std::string::npos,
               error.what());
    BOOST_TEST(clock->sleeps().empty());  // not retried
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(registry_tls_test, TlsRegistry)

BOOST_AUTO_TEST_CASE(the_registry_serves_https) {
    BOOST_REQUIRE(generated);
    BOOST_TEST(server.baseUrl().rfind("https://127.0.0.1:", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_is_refused_without_retrying) {
    auto clock = std::make_shared<tests::RecordingClock>();
    auto client =
        tests::testClient(tests::testOptions(server), ReferenceRegistryProcess::kReadToken, clock);
    try {
        (void)client->findCaseByDnr("2024SOCN33");
        BOOST_FAIL("an untrusted certificate was accepted");
    } catch (const RegistryError& error) {
        BOOST_TEST_MESSAGE(std::string(error.what()) + " | " + error.detail());
        BOOST_TEST((error.kind() == ErrorKind::Certificate));
        BOOST_TEST(std::string(error.what()).find("certifikatet kunde inte verifieras") !=
                   std::string::npos);
    }
    BOOST_TEST(clock->sleeps().empty());
}

BOOST_AUTO_TEST_CASE(a_configured_ca_file_is_trusted) {
    auto options = tests::testOptions(server);
    options.caFile = certificate;
    auto client = tests::testClient(options, ReferenceRegistryProcess::kReadToken);
    BOOST_TEST(client->findCaseByDnr("2024SOCN33").value().dnr == "2024SOCN33");
    for (const auto& [priority, text] : channel->messages)
        BOOST_TEST(priority != Poco::Message::PRIO_WARNING);
}

BOOST_AUTO_TEST_CASE(verification_switched_off_connects_with_a_warning_and_no_token_is_logged) {
    auto options = tests::testOptions(server);
    options.verifyCertificate = false;
    auto client = tests::testClient(options, ReferenceRegistryProcess::kWriteToken);
    BOOST_TEST(client->queryCases({"FOREBYGGANDE", {}, {}, {}, {}}).size() > 50u);
    bool warned = false;
    for (const auto& [priority, text] : channel->messages) {
        if (priority == Poco::Message::PRIO_WARNING &&
            text.find("verification") != std::string::npos)
            warned = true;
        BOOST_TEST(text.find(ReferenceRegistryProcess::kWriteToken) == std::string::npos, text);
    }
    BOOST_TEST(warned);
    BOOST_TEST(channel->messages.size() > 1u);  // the debug lines of the requests were seen too
}

BOOST_AUTO_TEST_SUITE_END()
