// The reference registry's storage: one SQLite file (Poco::Data::SQLite), its
// schema, and a pool of sessions for the server's threads. Values that the
// contract allows to be null but that are filtered on are stored as '' so that
// they can be indexed and compared.
#pragma once

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace reference_registry {

class Store {
  public:
    // Opens (and creates the schema of) the database file.
    explicit Store(const std::string& file, int maxSessions = 32);

    [[nodiscard]] Poco::Data::Session session();
    // Writes are serialized so that "create unless it exists" is atomic.
    [[nodiscard]] std::mutex& writeMutex() { return writeMutex_; }
    // SQLite's PRAGMA data_version on a connection of its own: it changes
    // whenever any other connection or process commits to the file, so a cache
    // of what the file holds is still valid as long as this stays the same.
    [[nodiscard]] long long dataVersion();

    static void registerConnector();
    static void createSchema(Poco::Data::Session& session);

  private:
    std::string file_;
    std::unique_ptr<Poco::Data::SessionPool> pool_;
    std::mutex writeMutex_;
    std::mutex versionMutex_;
    std::unique_ptr<Poco::Data::Session> versionSession_;
};

// Runs `sql` with the string parameters bound in order; the rows as a RecordSet.
[[nodiscard]] Poco::Data::RecordSet query(Poco::Data::Session& session, const std::string& sql,
                                          const std::vector<std::string>& parameters = {});
// A text column of a row; '' for NULL.
[[nodiscard]] std::string text(const Poco::Data::RecordSet& rows, const std::string& column,
                               std::size_t row = 0);
[[nodiscard]] long long integer(const Poco::Data::RecordSet& rows, const std::string& column,
                                std::size_t row = 0);

}  // namespace reference_registry
