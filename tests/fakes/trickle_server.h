// A hostile HTTP server on loopback (port 0) for one test: it reads each request and answers
// with a valid response, sent one byte every `interval` — a registry that never stops sending
// and never finishes. The per-read timeout of a client never fires against it; only a deadline
// over the whole request (or a cancel) ends the wait.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

namespace committee_report::tests {

class TrickleServer {
  public:
    explicit TrickleServer(std::chrono::milliseconds interval = std::chrono::milliseconds(1000))
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)), interval_(interval) {
        thread_ = std::thread([this] { serve(); });
    }
    ~TrickleServer() {
        stopping_ = true;
        socket_.close();
        if (thread_.joinable()) thread_.join();
    }
    TrickleServer(const TrickleServer&) = delete;
    TrickleServer& operator=(const TrickleServer&) = delete;

    [[nodiscard]] std::uint16_t port() const { return socket_.address().port(); }
    [[nodiscard]] std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port()); }
    // Requests that reached the server (accepted connections).
    [[nodiscard]] int connections() const { return connections_; }
    // Bytes of answers sent so far, over all connections.
    [[nodiscard]] int bytesSent() const { return bytesSent_; }

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
            answerSlowly(client);
        }
    }

    void answerSlowly(Poco::Net::StreamSocket& client) {
        // The request's head (no body is sent by GET): read until the blank line.
        std::string request;
        char buffer[4096];
        try {
            client.setReceiveTimeout(Poco::Timespan(2, 0));
            while (request.find("\r\n\r\n") == std::string::npos) {
                const int n = client.receiveBytes(buffer, sizeof buffer);
                if (n <= 0) return;
                request.append(buffer, static_cast<std::size_t>(n));
            }
        } catch (...) {
            return;
        }
        const std::string body(100000, ' ');
        const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: " +
                                   std::to_string(body.size() + 2) + "\r\n\r\n{" + body + "}";
        for (char c : answer) {
            const auto until = std::chrono::steady_clock::now() + interval_;
            while (std::chrono::steady_clock::now() < until) {
                if (stopping_) return;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            try {
                if (client.sendBytes(&c, 1) != 1) return;
            } catch (...) {
                return;  // the client gave up
            }
            ++bytesSent_;
        }
    }

    Poco::Net::ServerSocket socket_;
    std::chrono::milliseconds interval_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    std::atomic<int> bytesSent_{0};
    std::thread thread_;
};

}  // namespace committee_report::tests
