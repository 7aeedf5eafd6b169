#include "store.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>

namespace reference_registry {

using namespace Poco::Data::Keywords;

void Store::registerConnector() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
}

void Store::createSchema(Poco::Data::Session& session) {
    static const char* const kStatements[] = {
        "CREATE TABLE IF NOT EXISTS arende ("
        " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, diarienummer TEXT NOT NULL UNIQUE,"
        " arendetyp TEXT NOT NULL, klassificering TEXT NOT NULL, status TEXT NOT NULL,"
        " registreringsdatum TEXT NOT NULL, avslutad TEXT NOT NULL, organ TEXT NOT NULL,"
        " enhet TEXT NOT NULL,"
        " json TEXT NOT NULL)",  // the whole case without _links
        "CREATE INDEX IF NOT EXISTS arende_typ ON arende(arendetyp, registreringsdatum)",
        "CREATE INDEX IF NOT EXISTS arende_reg ON arende(registreringsdatum)",
        "CREATE INDEX IF NOT EXISTS arende_organ ON arende(organ)",
        "CREATE TABLE IF NOT EXISTS handling ("
        " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, arende_id TEXT NOT NULL,"
        " lopnummer INTEGER NOT NULL, rubrik TEXT NOT NULL, riktning_kode TEXT NOT NULL,"
        " riktning_namn TEXT NOT NULL, handlingstyp_kode TEXT NOT NULL,"
        " handlingstyp_namn TEXT NOT NULL, status_kode TEXT NOT NULL, status_namn TEXT NOT NULL,"
        " upprattad TEXT NOT NULL, ankomstdatum TEXT NOT NULL, avsandare TEXT NOT NULL,"
        " mottagare TEXT NOT NULL, sekretess TEXT NOT NULL, extern_referens TEXT NOT NULL,"
        " version INTEGER NOT NULL DEFAULT 1)",
        "CREATE INDEX IF NOT EXISTS handling_arende ON handling(arende_id, extern_referens)",
        "CREATE TABLE IF NOT EXISTS dokument ("
        " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, handling_id TEXT NOT NULL,"
        " titel TEXT NOT NULL, filnamn TEXT NOT NULL, mimetyp TEXT NOT NULL,"
        " storlek INTEGER NOT NULL, checksumma TEXT NOT NULL, metod TEXT NOT NULL,"
        " variant_kode TEXT NOT NULL, variant_namn TEXT NOT NULL, innehall BLOB,"
        " dokumentnummer INTEGER NOT NULL DEFAULT 0, skapad TEXT NOT NULL DEFAULT '')",
        "CREATE INDEX IF NOT EXISTS dokument_handling ON dokument(handling_id, filnamn)",
        "CREATE TABLE IF NOT EXISTS sammantrade ("
        " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, organ TEXT NOT NULL,"
        " sammantradesdatum TEXT NOT NULL, plats TEXT NOT NULL, status_kode TEXT NOT NULL,"
        " status_namn TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS sammantrade_datum ON sammantrade(organ, sammantradesdatum)",
        "CREATE TABLE IF NOT EXISTS arendepunkt ("
        " seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sammantrade_id TEXT NOT NULL,"
        " punkt INTEGER NOT NULL, paragraf INTEGER NOT NULL,"  // 0 = not yet given
        " rubrik TEXT NOT NULL, diarienummer TEXT NOT NULL, arende_id TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS arendepunkt_sammantrade ON arendepunkt(sammantrade_id, punkt)",
        "CREATE TABLE IF NOT EXISTS bilaga ("
        " seq INTEGER PRIMARY KEY, arendepunkt_id TEXT NOT NULL, dokument_id TEXT NOT NULL,"
        " titel TEXT NOT NULL, UNIQUE(arendepunkt_id, dokument_id))",
    };
    for (const char* sql : kStatements) session << sql, now;
}

Store::Store(const std::string& file, int maxSessions) : file_(file) {
    registerConnector();
    {
        Poco::Data::Session session("SQLite", file_);
        session << "PRAGMA journal_mode=WAL", now;
        createSchema(session);
    }
    pool_ = std::make_unique<Poco::Data::SessionPool>("SQLite", file_, 1, maxSessions, 60);
}

Poco::Data::Session Store::session() { return pool_->get(); }

long long Store::dataVersion() {
    std::lock_guard lock(versionMutex_);
    if (!versionSession_) versionSession_ = std::make_unique<Poco::Data::Session>("SQLite", file_);
    Poco::Int64 version = 0;
    *versionSession_ << "PRAGMA data_version", into(version), now;
    return version;
}

Poco::Data::RecordSet query(Poco::Data::Session& session, const std::string& sql,
                            const std::vector<std::string>& parameters) {
    Poco::Data::Statement statement(session);
    statement << sql;
    for (const auto& parameter : parameters) statement, bind(parameter);
    statement.execute();
    return Poco::Data::RecordSet(statement);
}

std::string text(const Poco::Data::RecordSet& rows, const std::string& column, std::size_t row) {
    const auto& value = rows.value(column, row);
    if (value.isEmpty()) return {};
    return value.convert<std::string>();
}

long long integer(const Poco::Data::RecordSet& rows, const std::string& column, std::size_t row) {
    const auto& value = rows.value(column, row);
    if (value.isEmpty()) return 0;
    return value.convert<long long>();
}

}  // namespace reference_registry
