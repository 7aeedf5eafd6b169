// One office process as the host starts it: it gets none of the host's secrets in its
// environment, its temporary files stay in its profile, and the sockets LibreOffice makes in
// /tmp are gone after it stops (nothing is left in /tmp per run).
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "office/office_process.h"
#include "scratch_directory.h"

namespace fs = std::filesystem;
using namespace committee_report;
using committee_report::tests::ScratchDirectory;

namespace {

// The environment of a running process, one "NAME=value" per entry.
std::vector<std::string> environmentOf(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
    const std::string all{std::istreambuf_iterator<char>(in), {}};
    std::vector<std::string> entries;
    for (std::size_t start = 0; start < all.size();) {
        const auto end = all.find('\0', start);
        entries.push_back(all.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return entries;
}

std::vector<std::string> namesIn(const fs::path& folder) {
    std::vector<std::string> names;
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(folder, ignored))
        names.push_back(entry.path().filename().string());
    return names;
}

// Paths of the unix sockets process `pid` has open, read from /proc.
std::vector<fs::path> socketsOf(pid_t pid) {
    std::set<std::string> inodes;
    std::error_code error;
    for (fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", error), end;
         !error && it != end; it.increment(error)) {
        std::error_code ignored;
        const auto target = fs::read_symlink(it->path(), ignored).string();
        if (target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
    }
    std::vector<fs::path> paths;
    std::ifstream table("/proc/" + std::to_string(pid) + "/net/unix");
    std::string line;
    std::getline(table, line);
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string skip, inode, path;
        for (int i = 0; i < 6; ++i) fields >> skip;
        if (fields >> inode >> path && inodes.count(inode)) paths.emplace_back(path);
    }
    return paths;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(office_process_test)

// Starts an office and waits until its UNO pipe is there. A fresh profile makes the office
// set it up and end with 81 to be started again, as the engine does.
std::unique_ptr<office::OfficeProcess> startedOffice(const office::OfficeProcessOptions& options,
                                                     const fs::path& pipeInTmp) {
    auto process = std::make_unique<office::OfficeProcess>(options);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (!fs::exists(pipeInTmp) && std::chrono::steady_clock::now() < deadline) {
        if (!process->running()) {
            BOOST_REQUIRE_MESSAGE(process->exitCode() == 81, process->exitDescription());
            process = std::make_unique<office::OfficeProcess>(options);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return process;
}

BOOST_AUTO_TEST_CASE(the_token_stays_with_the_host_and_no_socket_or_temporary_file_is_left) {
    ScratchDirectory scratch;
    setenv("COMMITTEE_REPORT_REGISTRY_TOKEN", "secret-token-4711", 1);
    setenv("COMMITTEE_REPORT_TEST_SECRET", "another-secret", 1);
    office::OfficeProcessOptions options;
    options.profileDirectory = scratch.path() / "profile-0";
    options.pipeName = "committee-report-test-" + std::to_string(getpid());
    const std::string uid = std::to_string(getuid());
    const auto pipeInTmp = fs::path("/tmp") / ("OSL_PIPE_" + uid + "_" + options.pipeName);
    std::vector<fs::path> sockets;
    {
        auto process = startedOffice(options, pipeInTmp);
        unsetenv("COMMITTEE_REPORT_REGISTRY_TOKEN");
        unsetenv("COMMITTEE_REPORT_TEST_SECRET");
        BOOST_REQUIRE(process->running());
        BOOST_REQUIRE(fs::exists(pipeInTmp));
        // LibreOffice's sockets: our UNO pipe and its single-instance pipe, both in /tmp.
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        sockets = socketsOf(process->pid());
        BOOST_TEST_MESSAGE("office sockets: " << sockets.size());
        BOOST_TEST((std::find(sockets.begin(), sockets.end(), pipeInTmp) != sockets.end()));
        BOOST_TEST((std::count_if(sockets.begin(), sockets.end(), [&](const fs::path& socket) {
                        return socket.filename().string().rfind(
                                   "OSL_PIPE_" + uid + "_SingleOfficeIPC_", 0) == 0;
                    }) == 1));

        const auto environment = environmentOf(process->pid());
        BOOST_TEST(!environment.empty());
        for (const auto& entry : environment) {
            BOOST_TEST(entry.find("secret-token-4711") == std::string::npos, entry);
            BOOST_TEST(entry.find("another-secret") == std::string::npos, entry);
        }
        BOOST_TEST(
            (std::find(environment.begin(), environment.end(),
                       "TMPDIR=" + process->temporaryDirectory().string()) != environment.end()));

        // Something left by the office in its temporary folder goes with it.
        std::ofstream(process->temporaryDirectory() / "lu1234.tmp") << "x";
        process->stop();
        BOOST_TEST(namesIn(process->temporaryDirectory()).empty());
    }
    for (const auto& socket : sockets) BOOST_TEST(!fs::exists(socket), socket.string());
    BOOST_TEST(!fs::exists(pipeInTmp));
}

// An office that dies without our stop() (a crash, an outside kill -9) leaves no socket
// behind either, once its end is noticed.
BOOST_AUTO_TEST_CASE(an_office_killed_from_outside_leaves_no_socket) {
    ScratchDirectory scratch;
    office::OfficeProcessOptions options;
    options.profileDirectory = scratch.path() / "profile-0";
    options.pipeName = "committee-report-killed-" + std::to_string(getpid());
    const auto pipeInTmp =
        fs::path("/tmp") / ("OSL_PIPE_" + std::to_string(getuid()) + "_" + options.pipeName);
    auto process = startedOffice(options, pipeInTmp);
    BOOST_REQUIRE(process->running());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    process->rememberSockets();  // as the engine does once the office answers
    const auto sockets = socketsOf(process->pid());
    BOOST_REQUIRE(sockets.size() >= 2u);
    ::kill(process->pid(), SIGKILL);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (process->running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_REQUIRE(!process->running());
    for (const auto& socket : sockets) BOOST_TEST(!fs::exists(socket), socket.string());
}

BOOST_AUTO_TEST_CASE(the_child_environment_keeps_only_what_an_office_needs) {
    std::vector<std::string> host = {"PATH=/usr/bin",
                                     "HOME=/var/lib/committee-report",
                                     "LANG=sv_SE.UTF-8",
                                     "LC_TIME=sv_SE.UTF-8",
                                     "TZ=Europe/Stockholm",
                                     "COMMITTEE_REPORT_REGISTRY_TOKEN=secret",
                                     "MY_TOKEN=secret2",
                                     "LD_PRELOAD=/tmp/evil.so",
                                     "ASAN_OPTIONS=detect_leaks=1",
                                     "TMPDIR=/tmp",
                                     "http_proxy=http://proxy:3128",
                                     "no-equals-sign"};
    std::vector<char*> envp;
    for (auto& entry : host) envp.push_back(entry.data());
    envp.push_back(nullptr);
    const auto child = office::OfficeProcess::childEnvironment(envp.data(), "/p/tmp");
    const std::vector<std::string> expected = {
        "PATH=/usr/bin",       "HOME=/var/lib/committee-report",
        "LANG=sv_SE.UTF-8",    "LC_TIME=sv_SE.UTF-8",
        "TZ=Europe/Stockholm", "TMPDIR=/p/tmp"};
    BOOST_TEST(child == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
