#include "odata_filter.h"

#include <cctype>

namespace reference_registry {
namespace {

class Lexer {
  public:
    explicit Lexer(const std::string& text) : text_(text) {}

    bool atEnd() {
        skipSpace();
        return pos_ >= text_.size();
    }
    std::string word() {
        skipSpace();
        const auto start = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                text_[pos_] == '-' || text_[pos_] == '.'))
            ++pos_;
        if (start == pos_) fail("expected a name or value at position " + std::to_string(start));
        return text_.substr(start, pos_ - start);
    }
    // A value: 'text' (quotes doubled inside), or a bare date/number/null.
    std::pair<std::string, bool> value() {
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == '\'') {
            std::string result;
            ++pos_;
            for (;;) {
                if (pos_ >= text_.size()) fail("unterminated string literal");
                char c = text_[pos_++];
                if (c == '\'') {
                    if (pos_ < text_.size() && text_[pos_] == '\'') {
                        result += '\'';
                        ++pos_;
                        continue;
                    }
                    return {result, true};
                }
                result += c;
            }
        }
        return {word(), false};
    }
    [[noreturn]] static void fail(const std::string& message) {
        throw BadRequest("FILTER_SYNTAX", "$filter: " + message);
    }

  private:
    void skipSpace() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    const std::string& text_;
    std::size_t pos_ = 0;
};

bool isDate(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

}  // namespace

SqlCondition parseFilter(const std::string& filter,
                         const std::map<std::string, std::string>& columns) {
    SqlCondition condition;
    Lexer lexer(filter);
    if (lexer.atEnd()) return condition;
    for (;;) {
        const auto field = lexer.word();
        const auto column = columns.find(field);
        if (column == columns.end())
            throw BadRequest("OKANT_FALT", "$filter: unknown field '" + field + "'");
        const auto op = lexer.word();
        static const std::map<std::string, std::string> kOperators{
            {"eq", "="}, {"ne", "<>"}, {"ge", ">="}, {"le", "<="}, {"gt", ">"}, {"lt", "<"}};
        const auto sqlOp = kOperators.find(op);
        if (sqlOp == kOperators.end()) Lexer::fail("unknown operator '" + op + "'");
        const auto [value, quoted] = lexer.value();
        if (!quoted && value != "null" && !isDate(value))
            Lexer::fail("value '" + value + "' is neither 'text', a date nor null");
        if (!condition.where.empty()) condition.where += " AND ";
        if (!quoted && value == "null") {
            // Absent values are stored as '' so that they can be indexed and compared.
            if (op != "eq" && op != "ne") Lexer::fail("null can only be compared with eq or ne");
            condition.where += column->second + (op == "eq" ? " = ''" : " <> ''");
        } else {
            condition.where += column->second + " " + sqlOp->second + " ?";
            if (op != "eq" && op != "ne") condition.where += " AND " + column->second + " <> ''";
            condition.parameters.push_back(value);
        }
        if (lexer.atEnd()) break;
        if (lexer.word() != "and") Lexer::fail("expected 'and' between conditions");
    }
    return condition;
}

std::string parseOrderBy(const std::string& orderBy,
                         const std::map<std::string, std::string>& columns) {
    Lexer lexer(orderBy);
    if (lexer.atEnd()) return {};
    const auto field = lexer.word();
    const auto column = columns.find(field);
    if (column == columns.end())
        throw BadRequest("OKANT_FALT", "$orderby: unknown field '" + field + "'");
    std::string direction = "ASC";
    if (!lexer.atEnd()) {
        const auto word = lexer.word();
        if (word == "desc")
            direction = "DESC";
        else if (word != "asc")
            throw BadRequest("FILTER_SYNTAX", "$orderby: expected asc or desc, not '" + word + "'");
    }
    if (!lexer.atEnd()) throw BadRequest("FILTER_SYNTAX", "$orderby: one field only");
    return column->second + " " + direction;
}

}  // namespace reference_registry
