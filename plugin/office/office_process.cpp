#include "office_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "office_engine.h"
#include "office_error.h"

namespace committee_report::office {

namespace {

// Profile settings every office process of ours needs:
// - strict ODF 1.3 (DefaultVersion 10) so saved ODT validates against the OASIS schema;
// - no autosave/recovery (documents hold personal data; nothing may linger in the profile);
// - macros never run (templates are documents, not programs);
// - no undo history and no thumbnail: a generated document is never undone, and the
//   thumbnail would lay out and paint page 1 on every ODT save (~100 ms, measured);
// - no automatic spelling or grammar checking, word completion or smart tags: nobody
//   reads their marks, and they ran in the office's idle time on every document
//   (AutoSpell alone was 3 % of the office process's CPU in report-bench, perf).
// Change kProfileStamp with these settings: a profile made with other settings is rebuilt.
const char* const kProfileStamp = "committee-report profile 3";
const char* const kRegistryModifications = R"(<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/ODF"><prop oor:name="DefaultVersion" oor:op="fuse"><value>10</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/RecoveryInfo"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentSystemFileLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Undo"><prop oor:name="Steps" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="GenerateThumbnail" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/SpellChecking"><prop oor:name="IsSpellAuto" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/GrammarChecking"><prop oor:name="IsAutoCheck" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/AutoFunction/Completion"><prop oor:name="Enable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/SmartTags/Writer"><prop oor:name="RecognizeSmartTags" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
)";

std::string fileUrl(const std::filesystem::path& path) {
    // Profile paths are ours (no spaces or special characters expected), but escape the few that
    // matter.
    std::string url = "file://";
    for (char c : std::filesystem::absolute(path).string()) {
        if (c == ' ')
            url += "%20";
        else if (c == '%')
            url += "%25";
        else if (c == '#')
            url += "%23";
        else
            url += c;
    }
    return url;
}

// LibreOffice 7.4 makes its local sockets (the UNO pipe, the single-instance pipe) in /tmp
// whatever OSL_SOCKET_PATH says (it is used only when /tmp is not writable), and leaves them
// there when it ends. We remove the ones our process listened on once it has ended.
const char* const kTemporaryFolder = "tmp";

// Variables an office process may inherit; everything else of the host's environment (a
// registry token, proxy settings, sanitizer options, LD_PRELOAD) stays with the host.
bool inherited(std::string_view name) {
    static const char* const kNames[] = {
        "PATH",     "HOME", "USER",  "LOGNAME",         "LANG",
        "LANGUAGE", "TZ",   "TZDIR", "FONTCONFIG_FILE", "FONTCONFIG_PATH"};
    for (const char* allowed : kNames)
        if (name == allowed) return true;
    return name.starts_with("LC_");
}

// Removes everything inside `folder`, keeping the folder.
void empty(const std::filesystem::path& folder) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error))
        std::filesystem::remove_all(it->path(), error);
}

}  // namespace

// The UNO sockets in /tmp of offices whose host was killed outright (SIGKILL): the office
// died with it (PR_SET_PDEATHSIG), so nobody removed the socket. Our pipe names carry the
// host's pid (committee-report-<pid>-…); a socket is removed only when no process has that
// pid. Found by the write-back crash tests: one socket per killed host.
void removeSocketsOfEndedHosts() {
    const std::string prefix = "OSL_PIPE_" + std::to_string(getuid()) + "_committee-report-";
    std::error_code error;
    for (std::filesystem::directory_iterator it("/tmp", error), end; !error && it != end;
         it.increment(error)) {
        const auto name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const auto digits = name.find_first_not_of("0123456789", prefix.size());
        if (digits == prefix.size() || digits == std::string::npos || name[digits] != '-' ||
            digits - prefix.size() > 9)
            continue;
        const auto host =
            static_cast<pid_t>(std::stol(name.substr(prefix.size(), digits - prefix.size())));
        if (host <= 0 || kill(host, 0) == 0 || errno != ESRCH)
            continue;  // alive, or not ours to tell
        std::error_code ignored;
        if (std::filesystem::is_socket(it->symlink_status(ignored)))
            std::filesystem::remove(it->path(), ignored);
    }
}

std::vector<std::string> OfficeProcess::childEnvironment(
    char** environment, const std::filesystem::path& temporaryDirectory) {
    std::vector<std::string> result;
    for (char** entry = environment; entry && *entry; ++entry) {
        const std::string_view variable(*entry);
        const auto equals = variable.find('=');
        if (equals == std::string_view::npos) continue;
        if (inherited(variable.substr(0, equals))) result.emplace_back(variable);
    }
    result.push_back("TMPDIR=" + temporaryDirectory.string());
    return result;
}

std::filesystem::path OfficeProcess::temporaryDirectory() const {
    return options_.profileDirectory / kTemporaryFolder;
}

std::vector<std::filesystem::path> OfficeProcess::listeningSockets() const {
    std::vector<std::filesystem::path> paths;
    const pid_t pid = pid_;
    if (pid <= 0) return paths;
    // Inodes of the process's sockets, then their paths in the socket table.
    std::set<std::string> inodes;
    std::error_code error;
    const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
    for (std::filesystem::directory_iterator it(fds, error), end; !error && it != end;
         it.increment(error)) {
        std::error_code ignored;
        const std::string target = std::filesystem::read_symlink(it->path(), ignored).string();
        if (target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
    }
    std::ifstream table("/proc/" + std::to_string(pid) + "/net/unix");
    std::string line;
    std::getline(table, line);  // header
    while (std::getline(table, line)) {
        // Num RefCount Protocol Flags Type St Inode Path
        std::istringstream fields(line);
        std::string num, refs, protocol, flags, type, state, inode, path;
        if (!(fields >> num >> refs >> protocol >> flags >> type >> state >> inode >> path))
            continue;
        const auto name = std::filesystem::path(path).filename().string();
        if (inodes.count(inode) && name.rfind("OSL_PIPE_", 0) == 0) paths.emplace_back(path);
    }
    return paths;
}

void OfficeProcess::rememberSockets() {
    auto sockets = listeningSockets();
    if (!sockets.empty()) sockets_ = std::move(sockets);  // an ended process keeps what we knew
}

void OfficeProcess::removeLeftovers() {
    std::error_code ignored;
    for (const auto& socket : sockets_) std::filesystem::remove(socket, ignored);
    sockets_.clear();
    // Our UNO pipe, named by us, also when the process ended before we could look.
    const std::string name = "OSL_PIPE_" + std::to_string(getuid()) + "_" + options_.pipeName;
    for (const char* folder : {"/tmp", "/var/tmp"})
        std::filesystem::remove(std::filesystem::path(folder) / name, ignored);
    empty(temporaryDirectory());
}

void OfficeProcess::prepareProfile(const std::filesystem::path& profileDirectory) {
    const auto user = profileDirectory / "user";
    const auto settings = user / "registrymodifications.xcu";
    const auto stampFile = profileDirectory / "committee-report-profile";
    if (std::filesystem::exists(settings)) {
        std::ifstream in(stampFile);
        std::string stamp;
        std::getline(in, stamp);
        if (stamp == kProfileStamp) return;
        // Made by an older version with other settings: start it afresh.
        std::error_code ignored;
        std::filesystem::remove_all(user, ignored);
    }
    std::filesystem::create_directories(user);
    std::filesystem::permissions(profileDirectory, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    std::ofstream out(settings);
    out << kRegistryModifications;
    std::ofstream stamp(stampFile);
    stamp << kProfileStamp << '\n';
    if (!out.flush() || !stamp.flush())
        throw OfficeError(
            OfficeError::Kind::StartFailed,
            "Kontorsprogrammets profilmapp kan inte skrivas. Kontrollera att mappen " +
                profileDirectory.string() + " är skrivbar för tjänstens användare.",
            "cannot write " + settings.string());
}

OfficeProcess::OfficeProcess(OfficeProcessOptions options) : options_(std::move(options)) {
    if (access(options_.program.c_str(), X_OK) != 0)
        throw OfficeError(
            OfficeError::Kind::StartFailed,
            "Kontorsprogrammet " + options_.program.string() +
                " finns inte eller kan inte köras. Installera LibreOffice "
                "(paketet libreoffice-writer-nogui) eller rätta <office><program> i "
                "konfigurationen.",
            "access(" + options_.program.string() + ", X_OK): " + std::strerror(errno));
    prepareProfile(options_.profileDirectory);
    std::error_code error;
    for (const auto& folder : {temporaryDirectory()}) {
        std::filesystem::create_directories(folder, error);
        if (!error)
            std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                                         std::filesystem::perm_options::replace, error);
        if (error)
            throw OfficeError(
                OfficeError::Kind::StartFailed,
                "Kontorsprogrammets profilmapp kan inte skrivas. Kontrollera att mappen " +
                    options_.profileDirectory.string() + " är skrivbar för tjänstens användare.",
                "cannot create " + folder.string() + ": " + error.message());
    }
    empty(temporaryDirectory());  // of a process that was killed with its host
    removeSocketsOfEndedHosts();
    spawn();
}

OfficeProcess::~OfficeProcess() { stop(); }

std::string OfficeProcess::unoUrl() const {
    return "uno:pipe,name=" + options_.pipeName + ";urp;StarOffice.ComponentContext";
}

void OfficeProcess::spawn() {
    // Everything the child needs is prepared before fork: after fork only
    // async-signal-safe calls are allowed.
    const std::vector<std::string> arguments = {
        options_.program.string(),
        "-env:UserInstallation=" + fileUrl(options_.profileDirectory),
        "--headless",
        "--invisible",
        "--nocrashreport",
        "--nodefault",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--accept=pipe,name=" + options_.pipeName + ";urp;StarOffice.ComponentContext",
    };
    std::vector<char*> argv;
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    const std::vector<std::string> environment = childEnvironment(environ, temporaryDirectory());
    std::vector<char*> envp;
    for (const auto& variable : environment) envp.push_back(const_cast<char*>(variable.c_str()));
    envp.push_back(nullptr);
    const std::string logFile = (options_.profileDirectory / "soffice.log").string();
    const pid_t parent = getpid();

    const pid_t pid = fork();
    if (pid < 0)
        throw OfficeError(
            OfficeError::Kind::StartFailed,
            "Kontorsprogrammet kunde inte startas: systemet tillåter inga fler processer "
            "eller har slut på minne.",
            std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        // The office dies with the thread that started it (the engine keeps
        // that thread alive as long as the process is wanted), also on SIGKILL of the host.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        setpgid(0, 0);  // its own process group: a Ctrl-C at the terminal is the host's to handle
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, STDIN_FILENO);
        const int log = open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (log >= 0) {
            dup2(log, STDOUT_FILENO);
            dup2(log, STDERR_FILENO);
        }
        closefrom(3);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    pid_ = pid;
    exitCode_ = -1;
    exitSignal_ = 0;
}

void OfficeProcess::reap(bool block) {
    if (pid_ <= 0) return;
    int status = 0;
    pid_t result;
    do {
        result = waitpid(pid_, &status, block ? 0 : WNOHANG);
    } while (result < 0 && errno == EINTR);
    if (result == pid_ || (result < 0 && errno == ECHILD)) {
        if (result == pid_) {
            if (WIFEXITED(status)) exitCode_ = WEXITSTATUS(status);
            if (WIFSIGNALED(status)) exitSignal_ = WTERMSIG(status);
        }
        pid_ = -1;
        removeLeftovers();
    }
}

bool OfficeProcess::running() {
    reap(false);
    return pid_ > 0;
}

std::string OfficeProcess::exitDescription() const {
    if (pid_ > 0) return "running";
    if (exitSignal_ != 0)
        return "killed by signal " + std::to_string(exitSignal_) + " (" + strsignal(exitSignal_) +
               ")";
    return "exit code " + std::to_string(exitCode_);
}

void OfficeProcess::stop(std::chrono::milliseconds grace) {
    if (!running()) return;
    rememberSockets();
    ::kill(pid_, SIGCONT);  // a stopped process cannot act on SIGTERM
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill();
}

void OfficeProcess::sendSignal(int signal) const {
    const pid_t pid = pid_;
    if (pid > 0) ::kill(pid, signal);
}

void OfficeProcess::kill() {
    if (pid_ <= 0) return;
    rememberSockets();
    ::kill(pid_, SIGKILL);
    reap(true);
}

}  // namespace committee_report::office
