// SPDX-License-Identifier: MIT
#pragma once

#include "log/BuildReport.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace flakeoff::app {

// Filters a BuildTableModel by text (derivation name or store path) and status, and sorts by
// its raw SortRole values so that unknown times stay at the bottom in either direction.
class BuildFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit BuildFilterProxyModel(QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setStatus(std::optional<BuildStatus> status);
    std::optional<BuildStatus> status() const { return m_status; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    std::optional<BuildStatus> m_status;
};

} // namespace flakeoff::app
