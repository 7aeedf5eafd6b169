#include "serve.h"

#include <Poco/Logger.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "committee_report/committee_report.hpp"
#include "config/configuration.h"
#include "http_service.h"

namespace committee_report::service {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("committee_report.service"); }

// systemd's readiness protocol (Type=notify): one datagram to $NOTIFY_SOCKET.
void notifySystemd(const char* state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path) return;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path, sizeof address.sun_path - 1);
    if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + std::strlen(path));
    (void)::sendto(fd, state, std::strlen(state), MSG_NOSIGNAL,
                   reinterpret_cast<const sockaddr*>(&address), length);
    ::close(fd);
}

}  // namespace

int serve(const ServeOptions& options) {
    std::ostream& out = options.out ? *options.out : std::cout;
    std::ostream& err = options.err ? *options.err : std::cerr;
    // Signals are taken by sigwait below; every thread started from here on inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::unique_ptr<HttpService> service;
    std::chrono::seconds grace{30};
    try {
        const auto configuration = config::Configuration::load(options.configurationFile);
        grace = configuration.service.shutdownTimeout;
        auto plugin = std::make_shared<const c_api::Plugin>(configuration.file.string());
        service =
            std::make_unique<HttpService>(configuration.service, std::move(plugin), options.listen);
        service->start();
    } catch (const c_api::OpenError& error) {
        err << "committee-report: tillägget kunde inte öppnas: " << error.what() << "\n";
        return error.code() == CR_INVALID ? 2 : 1;
    } catch (const std::exception& error) {
        err << "committee-report: tjänsten kunde inte starta: " << error.what()
            << "\nKontrollera <service> i konfigurationen och kör committee-report doctor.\n";
        return 2;
    }
    out << service->baseUrl() << std::endl;
    notifySystemd("READY=1");

    for (;;) {
        int signal = 0;
        if (sigwait(&signals, &signal) != 0) continue;
        if (signal == SIGHUP) {
            notifySystemd("RELOADING=1");
            try {
                const auto configuration = config::Configuration::load(options.configurationFile);
                auto plugin = std::make_shared<const c_api::Plugin>(configuration.file.string());
                service->reload(configuration.service, std::move(plugin));
                grace = configuration.service.shutdownTimeout;
            } catch (const std::exception& error) {
                // The running configuration stays; the administrator sees why in the log.
                logger().error("reload failed, keeping the running configuration: %s",
                               std::string(error.what()));
            }
            notifySystemd("READY=1");
            continue;
        }
        notifySystemd("STOPPING=1");
        logger().information("stopping (signal %d)", signal);
        service->stop(grace);  // runs in flight may finish, then are cancelled
        service.reset();       // the last plugin reference: its office processes stop here
        return 0;
    }
}

}  // namespace committee_report::service
