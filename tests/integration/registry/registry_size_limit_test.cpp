// Answers are bounded in size before they are held: a JSON answer (a list page, a case) has
// its own limit, max-json-response-bytes (default 8 MiB; reading JSON takes about five times
// the body), far below the one for a document's bytes, max-response-bytes (64 MiB). A larger
// answer is refused with a Swedish message naming the setting, at its Content-Length or once
// the limit is read past — never read whole. The servers here send what no registry should.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "fakes/scripted_server.h"
#include "registry_test_support.h"

using namespace committee_report;
using committee_report::registry::ErrorKind;
using committee_report::registry::RegistryError;
using committee_report::tests::ScriptedServer;
using ms = std::chrono::milliseconds;

namespace {

bool sendAll(Poco::Net::StreamSocket& socket, const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const int n = socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

// Holds the connection open, sending nothing more, until the test ends.
void stall(const std::atomic<bool>& stopping) {
    while (!stopping) std::this_thread::sleep_for(ms(20));
}

registry::ClientOptions optionsFor(const ScriptedServer& server) {
    registry::ClientOptions options;
    options.baseUrl = server.baseUrl();
    options.connectTimeout = ms(2000);
    options.readTimeout = ms(4000);
    options.requestDeadline = ms(20000);
    options.retry.maxAttempts = 1;
    return options;
}

RegistryError failureOf(const registry::ClientOptions& options,
                        const std::function<void(registry::RegistryClient&)>& call) {
    auto client = tests::testClient(options, "test-token");
    return tests::failureOf<RegistryError>([&] { call(*client); });
}

core::DocumentRecord documentOf(const std::string& bytes) {
    core::DocumentRecord document;
    document.systemId = "D1";
    document.fileName = "rapport.odt";
    document.size = static_cast<std::int64_t>(bytes.size());
    document.checksum = registry::sha256Hex(bytes);
    return document;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_size_limit_test)

BOOST_AUTO_TEST_CASE(a_json_answer_above_the_default_limit_is_refused_at_its_length) {
    // 9 MiB announced (under the 64 MiB for documents), the first bytes sent, then nothing:
    // waiting for the rest would end only at the read timeout.
    ScriptedServer server([](const std::string&, Poco::Net::StreamSocket& client,
                             const std::atomic<bool>& stopping) {
        sendAll(client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(9 * 1024 * 1024) +
                            "\r\n\r\n{\"count\": 1, \"results\": [");
        stall(stopping);
    });
    const auto options = optionsFor(server);
    BOOST_TEST(options.maxJsonResponseBytes == 8 * 1024 * 1024);  // the default
    const auto start = std::chrono::steady_clock::now();
    const auto error = failureOf(options, [](auto& client) {
        (void)client.queryCases({"HOT_VALD", {}, {}, {}, {}});
    });
    const auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST((error.kind() == ErrorKind::TooLarge));
    const std::string message = error.what();
    BOOST_TEST(message.find("Svaret från diariet är större än tillåtna 8388608 byte och togs "
                            "inte emot") != std::string::npos,
               message);
    BOOST_TEST(message.find("max-json-response-bytes") != std::string::npos, message);
    BOOST_TEST(error.detail().find("9437184 bytes or more") != std::string::npos, error.detail());
    BOOST_TEST(waited < std::chrono::seconds(3));  // refused at the head, not at the read timeout
}

BOOST_AUTO_TEST_CASE(an_endless_json_answer_is_refused_once_the_limit_is_read_past) {
    // Chunked, no length: a list whose results never end.
    std::atomic<std::int64_t> sent{0};
    ScriptedServer server([&](const std::string&, Poco::Net::StreamSocket& client,
                              const std::atomic<bool>& stopping) {
        if (!sendAll(client,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n"))
            return;
        std::string values;
        for (int i = 0; i < 16 * 1024; ++i) values += "0,";
        std::string chunk = "{\"count\": 1, \"results\": [" + values;
        for (bool first = true; !stopping; first = false) {
            if (!first) chunk = values;
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
            if (!sendAll(client, size + chunk + "\r\n")) return;
            sent += static_cast<std::int64_t>(chunk.size());
        }
    });
    auto options = optionsFor(server);
    options.maxJsonResponseBytes = 1024 * 1024;
    const auto error = failureOf(options, [](auto& client) {
        (void)client.queryCases({"HOT_VALD", {}, {}, {}, {}});
    });
    BOOST_TEST((error.kind() == ErrorKind::TooLarge));
    const std::string message = error.what();
    BOOST_TEST(message.find("större än tillåtna 1048576 byte") != std::string::npos, message);
    BOOST_TEST(message.find("max-json-response-bytes") != std::string::npos, message);
    BOOST_TEST(sent.load() > 1024 * 1024);  // the limit was reached by reading, not announced
}

BOOST_AUTO_TEST_CASE(a_document_larger_than_the_json_limit_is_downloaded) {
    const std::string bytes(4096, 'x');
    ScriptedServer server(
        [&](const std::string& head, Poco::Net::StreamSocket& client, const std::atomic<bool>&) {
            BOOST_TEST(head.rfind("GET /api/dokument/D1/innehall ", 0) == 0u, head);
            sendAll(client,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                    "Content-Length: " +
                        std::to_string(bytes.size()) + "\r\nConnection: close\r\n\r\n" + bytes);
        });
    auto options = optionsFor(server);
    options.maxJsonResponseBytes = 1024;
    auto client = tests::testClient(options, "test-token");
    BOOST_TEST(client->downloadDocument(documentOf(bytes)) == bytes);
}

BOOST_AUTO_TEST_CASE(a_document_above_max_response_bytes_is_refused_naming_that_setting) {
    const std::string bytes(4096, 'x');
    ScriptedServer server([&](const std::string&, Poco::Net::StreamSocket& client,
                              const std::atomic<bool>& stopping) {
        sendAll(client,
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                "Content-Length: " +
                    std::to_string(bytes.size()) + "\r\n\r\n");
        stall(stopping);
    });
    auto options = optionsFor(server);
    options.maxResponseBytes = 2048;
    const auto error =
        failureOf(options, [&](auto& client) { (void)client.downloadDocument(documentOf(bytes)); });
    BOOST_TEST((error.kind() == ErrorKind::TooLarge));
    const std::string message = error.what();
    BOOST_TEST(
        message.find("Filen från diariet är större än tillåtna 2048 byte") != std::string::npos,
        message);
    BOOST_TEST(message.find("(gränsen är max-response-bytes ") != std::string::npos, message);
}

BOOST_AUTO_TEST_SUITE_END()
