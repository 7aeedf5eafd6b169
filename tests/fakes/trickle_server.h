// A hostile HTTP server on loopback (port 0) for one test: it reads each request and answers
// with a valid response, sent one byte every `interval` — a registry that never stops sending
// and never finishes. The per-read timeout of a client never fires against it; only a deadline
// over the whole request (or a cancel) ends the wait. A ScriptedServer with that answer.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "scripted_server.h"

namespace committee_report::tests {

class TrickleServer {
  public:
    explicit TrickleServer(std::chrono::milliseconds interval = std::chrono::milliseconds(1000))
        : bytesSent_(std::make_shared<std::atomic<int>>(0)),
          server_([interval, sent = bytesSent_](const std::string&, Poco::Net::StreamSocket& client,
                                                const std::atomic<bool>& stopping) {
              answerSlowly(client, stopping, interval, *sent);
          }) {}

    [[nodiscard]] std::string baseUrl() const { return server_.baseUrl(); }
    // Requests that reached the server (accepted connections).
    [[nodiscard]] int connections() const { return server_.connections(); }
    // Bytes of answers sent so far, over all connections.
    [[nodiscard]] int bytesSent() const { return *bytesSent_; }

  private:
    static void answerSlowly(Poco::Net::StreamSocket& client, const std::atomic<bool>& stopping,
                             std::chrono::milliseconds interval, std::atomic<int>& sent) {
        const std::string body(100000, ' ');
        const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                   "Content-Length: " +
                                   std::to_string(body.size() + 2) + "\r\n\r\n{" + body + "}";
        for (char c : answer) {
            const auto until = std::chrono::steady_clock::now() + interval;
            while (std::chrono::steady_clock::now() < until) {
                if (stopping) return;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            if (client.sendBytes(&c, 1) != 1) return;  // the client gave up (a throw also ends it)
            ++sent;
        }
    }

    std::shared_ptr<std::atomic<int>> bytesSent_;  // declared first: the server's answer uses it
    ScriptedServer server_;
};

}  // namespace committee_report::tests
