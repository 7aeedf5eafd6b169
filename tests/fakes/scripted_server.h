// An HTTP server on loopback (port 0) for one test whose answers the test writes itself, byte
// by byte: a head announcing more than it sends, an endless chunked body — what the reference
// registry cannot be made to do. Connections are served one after another; `answer` gets the
// request's head and the socket, and may send anything (or stall until `stopping`).
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace committee_report::tests {

class ScriptedServer {
  public:
    using Answer = std::function<void(const std::string& head, Poco::Net::StreamSocket& client,
                                      const std::atomic<bool>& stopping)>;

    explicit ScriptedServer(Answer answer)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), answer_(std::move(answer)) {
        thread_ = std::thread([this] { serve(); });
    }
    ~ScriptedServer() {
        stopping_ = true;
        socket_.close();
        if (thread_.joinable()) thread_.join();
    }
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    [[nodiscard]] std::string baseUrl() const {
        return "http://127.0.0.1:" + std::to_string(socket_.address().port());
    }
    [[nodiscard]] int connections() const { return connections_; }

  private:
    void serve() {
        while (!stopping_) {
            Poco::Net::StreamSocket client;
            try {
                if (!socket_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ))
                    continue;
                client = socket_.acceptConnection();
            } catch (...) {
                if (stopping_) return;
                continue;
            }
            ++connections_;
            std::string head;
            char buffer[4096];
            try {
                client.setReceiveTimeout(Poco::Timespan(2, 0));
                while (head.find("\r\n\r\n") == std::string::npos) {
                    const int n = client.receiveBytes(buffer, sizeof buffer);
                    if (n <= 0) break;
                    head.append(buffer, static_cast<std::size_t>(n));
                }
                if (head.find("\r\n\r\n") != std::string::npos) answer_(head, client, stopping_);
            } catch (...) {
                // the client went away: next connection
            }
        }
    }

    Poco::Net::ServerSocket socket_;
    Answer answer_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

}  // namespace committee_report::tests
