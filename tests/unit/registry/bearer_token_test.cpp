#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "registry/bearer_token.h"
#include "registry/registry_error.h"
#include "scratch_directory.h"

namespace fs = std::filesystem;
using committee_report::registry::ErrorKind;
using committee_report::registry::loadBearerToken;
using committee_report::registry::RegistryError;
using committee_report::tests::ScratchDirectory;

namespace {

const std::string kSecret = "s3cr3t-token-value-4711";

fs::path tokenFile(const fs::path& dir, fs::perms perms,
                   const std::string& content = kSecret + "\n") {
    const auto file = dir / "registry.token";
    std::ofstream(file) << content;
    fs::permissions(file, perms, fs::perm_options::replace);
    return file;
}

committee_report::config::RegistrySettings fromFile(const fs::path& file) {
    committee_report::config::RegistrySettings settings;
    settings.baseUrl = "http://127.0.0.1:1";
    settings.tokenFile = file;
    return settings;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bearer_token_test)

BOOST_AUTO_TEST_CASE(an_owner_only_file_gives_the_token_without_its_newline) {
    ScratchDirectory dir;
    const auto file = tokenFile(dir.path(), fs::perms::owner_read | fs::perms::owner_write);
    BOOST_TEST(loadBearerToken(fromFile(file)) == kSecret);
}

BOOST_AUTO_TEST_CASE(a_file_readable_by_group_or_others_is_refused_with_the_fix) {
    ScratchDirectory dir;
    for (auto extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::others_write}) {
        const auto file =
            tokenFile(dir.path(), fs::perms::owner_read | fs::perms::owner_write | extra);
        try {
            (void)loadBearerToken(fromFile(file));
            BOOST_FAIL("an open token file was accepted");
        } catch (const RegistryError& error) {
            const std::string message = error.what();
            BOOST_TEST((error.kind() == ErrorKind::Configuration));
            BOOST_TEST(message.find("chmod 600 " + file.string()) != std::string::npos, message);
            // The secret is never part of a message or a log detail.
            BOOST_TEST(message.find(kSecret) == std::string::npos);
            BOOST_TEST(error.detail().find(kSecret) == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_missing_or_empty_file_is_a_configuration_error) {
    ScratchDirectory dir;
    BOOST_CHECK_EXCEPTION(
        (void)loadBearerToken(fromFile(dir.path() / "none")), RegistryError,
        [](const RegistryError& e) { return e.kind() == ErrorKind::Configuration; });
    const auto empty = tokenFile(dir.path(), fs::perms::owner_read, "\n");
    BOOST_CHECK_EXCEPTION(
        (void)loadBearerToken(fromFile(empty)), RegistryError,
        [](const RegistryError& e) { return e.kind() == ErrorKind::Configuration; });
}

BOOST_AUTO_TEST_CASE(the_token_can_come_from_the_environment) {
    committee_report::config::RegistrySettings settings;
    settings.tokenEnvironment = "COMMITTEE_REPORT_TEST_TOKEN_4711";
    setenv("COMMITTEE_REPORT_TEST_TOKEN_4711", (" " + kSecret + "\n").c_str(), 1);
    BOOST_TEST(loadBearerToken(settings) == kSecret);
    unsetenv("COMMITTEE_REPORT_TEST_TOKEN_4711");
    BOOST_CHECK_EXCEPTION(
        (void)loadBearerToken(settings), RegistryError, [](const RegistryError& e) {
            return e.kind() == ErrorKind::Configuration &&
                   std::string(e.what()).find("COMMITTEE_REPORT_TEST_TOKEN_4711") !=
                       std::string::npos;
        });
}

BOOST_AUTO_TEST_SUITE_END()
