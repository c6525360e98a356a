#include "ui/live_metrics_poller.hpp"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace gatetune::ui {

namespace {
constexpr int kIntervalMs = 250;
constexpr int kTimeoutMs = 1000;  // a gateway too busy to answer in time is skipped, not waited for
}  // namespace

LiveMetricsPoller::LiveMetricsPoller(QObject* parent) : QObject(parent) {
    net_ = new QNetworkAccessManager(this);
    timer_ = new QTimer(this);
    timer_->setInterval(kIntervalMs);
    connect(timer_, &QTimer::timeout, this, &LiveMetricsPoller::poll);
    connect(net_, &QNetworkAccessManager::finished, this, &LiveMetricsPoller::replied);
}

int LiveMetricsPoller::intervalMs() const { return kIntervalMs; }
bool LiveMetricsPoller::polling() const { return timer_->isActive(); }

void LiveMetricsPoller::start(quint16 port) {
    stop();
    port_ = port;
    clock_.start();
    poll();
    timer_->start();
}

void LiveMetricsPoller::stop() {
    timer_->stop();
    if (pending_) {
        QNetworkReply* r = pending_;
        pending_ = nullptr;  // replied() ignores the aborted reply
        r->abort();
    }
}

void LiveMetricsPoller::poll() {
    if (pending_) return;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(port_)));
    request.setTransferTimeout(kTimeoutMs);
    pending_ = net_->get(request);
}

void LiveMetricsPoller::replied(QNetworkReply* reply) {
    reply->deleteLater();
    if (reply != pending_) return;  // aborted by stop()
    pending_ = nullptr;
    const double seconds = static_cast<double>(clock_.elapsed()) / 1000.0;
    if (reply->error() != QNetworkReply::NoError) {
        emit problem(tr("/metrics: %1").arg(reply->errorString()));
        return;
    }
    const PrometheusParse parsed = parse_prometheus_text(reply->readAll().toStdString());
    std::string why;
    const auto sample = live_sample(parsed.samples, &why);
    if (!sample) {
        emit problem(tr("/metrics: %1").arg(QString::fromStdString(parsed.errors.empty() ? why : parsed.errors.front())));
        return;
    }
    emit sampled(seconds, *sample);
}

}  // namespace gatetune::ui
