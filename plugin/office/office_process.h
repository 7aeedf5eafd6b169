// One headless soffice process owned by us: its own user profile, a private
// UNO pipe, started as our child so that it dies with us. Pure POSIX; knows
// nothing of UNO.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace committee_report::office {

struct OfficeProcessOptions {
    std::filesystem::path program = "/usr/lib/libreoffice/program/soffice.bin";
    std::filesystem::path profileDirectory;  // created if missing; kept for warm restarts
    std::string pipeName;                    // UNO pipe the process accepts connections on
};

class OfficeProcess {
  public:
    // Starts the process; throws OfficeError(StartFailed) if it cannot be spawned.
    explicit OfficeProcess(OfficeProcessOptions options);
    // Stops the process (see stop()).
    ~OfficeProcess();
    OfficeProcess(const OfficeProcess&) = delete;
    OfficeProcess& operator=(const OfficeProcess&) = delete;

    // Asks the process to end (SIGTERM), waits up to `grace`, then kills it.
    // Idempotent; always reaps the child so no zombie is left.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
    // Kills at once (SIGKILL) and reaps; for hung processes.
    void kill();
    // Sends a signal without reaping; safe from a watchdog thread while another thread owns the
    // process.
    void sendSignal(int signal) const;

    // Records the local sockets the running office listens on, so that they are removed
    // whenever it ends — a crash or an outside kill included, not only our stop(). Call it
    // once the office answers (it has made its sockets by then).
    void rememberSockets();

    // True while the child runs. Reaps it if it has ended.
    [[nodiscard]] bool running();
    // If the child ended: a description of how ("exit code 81", "signal 9").
    [[nodiscard]] std::string exitDescription() const;
    // Exit code if the child ended normally, -1 otherwise.
    [[nodiscard]] int exitCode() const { return exitCode_; }
    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] const OfficeProcessOptions& options() const { return options_; }
    // The UNO connection string for this process's pipe.
    [[nodiscard]] std::string unoUrl() const;
    // The process's TMPDIR: a folder in its profile, emptied when it stops.
    [[nodiscard]] std::filesystem::path temporaryDirectory() const;

    // The environment a child gets: only the variables an office needs (locale, time zone,
    // search path, home) and TMPDIR. Nothing else of ours (a registry token in particular)
    // reaches it. `environment` is a null-terminated array like environ.
    [[nodiscard]] static std::vector<std::string> childEnvironment(
        char** environment, const std::filesystem::path& temporaryDirectory);

    // Writes the profile settings we rely on (strict ODF 1.3, no recovery, no
    // personal data in documents) unless the profile already exists.
    static void prepareProfile(const std::filesystem::path& profileDirectory);

  private:
    void spawn();
    void reap(bool block);
    // The OSL_PIPE_* sockets the running process listens on (LibreOffice leaves them in /tmp).
    [[nodiscard]] std::vector<std::filesystem::path> listeningSockets() const;
    // After the process has ended: removes the remembered sockets, our UNO pipe and its
    // temporary files. Called from reap(), where every way of ending is noticed.
    void removeLeftovers();
    OfficeProcessOptions options_;
    std::vector<std::filesystem::path> sockets_;  // see rememberSockets()
    std::atomic<pid_t> pid_{-1};
    int exitCode_ = -1;
    int exitSignal_ = 0;
};

}  // namespace committee_report::office
