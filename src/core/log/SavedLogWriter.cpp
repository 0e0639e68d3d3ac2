// SPDX-License-Identifier: MIT
#include "SavedLogWriter.h"

#include <QIODevice>

#include <algorithm>
#include <string>

namespace flakeoff {

SavedLogWriter::SavedLogWriter(QIODevice &device) : m_device(device) {}

void SavedLogWriter::write(std::string_view bytes)
{
    m_lines += std::count(bytes.begin(), bytes.end(), '\n');
    if (m_device.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()))
        m_ok = false;
}

std::string SavedLogWriter::formatMs(std::int64_t us)
{
    const bool negative = us < 0;
    const std::uint64_t a = negative ? static_cast<std::uint64_t>(-us) : static_cast<std::uint64_t>(us);
    std::string frac = std::to_string(a % 1000);
    frac.insert(0, 3 - frac.size(), '0');
    return (negative ? "-" : "") + std::to_string(a / 1000) + "." + frac;
}

void SavedLogWriter::writeHeader(const std::vector<std::pair<QString, QString>> &metadata)
{
    std::string out(kMagic);
    out += '\n';
    for (const auto &[key, value] : metadata) {
        QString v = value;
        v.replace(QLatin1Char('\n'), QLatin1Char(' '));
        out += '#';
        out += key.toStdString();
        out += ' ';
        out += v.toStdString();
        out += '\n';
    }
    write(out);
}

void SavedLogWriter::writeLine(TimeUs arrivalUs, std::string_view text)
{
    std::string out = formatMs(arrivalUs.value_or(0));
    out.reserve(out.size() + text.size() + 2);
    out += '\t';
    out += text;
    out += '\n';
    write(out);
}

void SavedLogWriter::writeEnd(TimeUs endUs, std::optional<int> exitCode, bool killed)
{
    std::string out = "#end " + formatMs(endUs.value_or(0));
    if (exitCode)
        out += " exit=" + std::to_string(*exitCode);
    if (killed)
        out += " killed";
    out += '\n';
    write(out);
}

} // namespace flakeoff
