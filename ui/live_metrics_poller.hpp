#pragma once
// Polls the live gateway's GET /metrics every ~250 ms (one request at a time: a slow gateway is
// not flooded) and hands each answer on as a LiveSample with the seconds since polling began.
#include <QElapsedTimer>
#include <QObject>

#include "ui/live_sample.hpp"

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace gatetune::ui {

class LiveMetricsPoller : public QObject {
    Q_OBJECT
public:
    explicit LiveMetricsPoller(QObject* parent = nullptr);
    void start(quint16 port);
    void stop();
    bool polling() const;
    int intervalMs() const;

signals:
    void sampled(double seconds, const gatetune::ui::LiveSample& sample);
    // A poll that failed or answered something unreadable; the next one is tried regardless.
    void problem(const QString& message);

private:
    void poll();
    void replied(QNetworkReply* reply);

    QNetworkAccessManager* net_;
    QTimer* timer_;
    QNetworkReply* pending_ = nullptr;
    QElapsedTimer clock_;
    quint16 port_ = 0;
};

}  // namespace gatetune::ui
