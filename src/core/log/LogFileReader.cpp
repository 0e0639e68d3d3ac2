// SPDX-License-Identifier: MIT
#include "LogFileReader.h"

#include "SavedLogWriter.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>
#include <memory>
#include <vector>

namespace flakeoff {

LogFileReader::Result LogFileReader::read(const QString &path, const ProgressFn &progress,
                                          const std::atomic_bool *cancel)
{
    Result result;
    const QFileInfo info(path);
    if (info.isDir()) {
        result.error = QStringLiteral("%1 is a folder, not a log file").arg(path);
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return result;
    }
    const std::uint64_t total = static_cast<std::uint64_t>(std::max<qint64>(0, file.size()));
    std::vector<char> buffer(kChunkBytes);

    qint64 n = file.read(buffer.data(), static_cast<qint64>(buffer.size()));
    if (n < 0) {
        result.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return result;
    }
    const std::string_view first(buffer.data(), static_cast<std::size_t>(n));
    const bool saved = first.substr(0, SavedLogWriter::kMagic.size()) == SavedLogWriter::kMagic;
    result.format = saved ? LogStream::Timing::Saved : LogStream::Timing::Untimed;
    auto stream = std::make_unique<LogStream>(result.format);

    if (n == 0)
        stream->builder().addProblem(0, "the file is empty", false);
    else if (const void *nul = std::memchr(first.data(), '\0', first.size()))
        stream->builder().addProblem(0,
                                     "binary data (a NUL byte at offset " +
                                         std::to_string(static_cast<const char *>(nul) - first.data()) +
                                         "): this does not look like a text log; lines were still read",
                                     false);

    std::uint64_t done = 0;
    while (n > 0) {
        stream->feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
        done += static_cast<std::uint64_t>(n);
        if (progress)
            progress(done, total);
        if (cancel && cancel->load()) {
            result.error = QStringLiteral("reading %1 was cancelled").arg(path);
            return result;
        }
        n = file.read(buffer.data(), static_cast<qint64>(buffer.size()));
    }
    if (n < 0) {
        result.error =
            QStringLiteral("cannot read %1 after %2 bytes: %3").arg(path).arg(done).arg(file.errorString());
        return result;
    }
    stream->finish();
    result.ok = true;
    result.bytes = done;
    result.metadata = stream->metadata();
    result.report = stream->takeReport();
    return result;
}

} // namespace flakeoff
