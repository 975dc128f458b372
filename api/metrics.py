"""Prometheus metrics in a registry per app, so several apps (tests) never clash in the global one."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ApiMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "tip_http_requests",
            "HTTP requests by route template and status",
            ["method", "route", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "tip_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.answers = Counter("tip_answers", "Answers given by /v1/ask", ["lang", "kind"], registry=r)
        self.abstentions = Counter(
            "tip_abstentions", "Answers that abstained (the documents do not answer)", registry=r
        )
        self.feedback = Counter("tip_feedback", "Feedback received", ["rating"], registry=r)
        self.rate_limited = Counter("tip_rate_limited", "Requests refused by the rate limit", registry=r)
        self.ready = Gauge(
            "tip_index_ready", "1 when the index is loaded and its vector store answers", registry=r
        )
        self.documents = Gauge("tip_index_documents", "Documents in the loaded index", registry=r)
        self.sections = Gauge("tip_index_sections", "Sections in the loaded index", registry=r)
        self.chunks = Gauge("tip_index_chunks", "Chunks (vectors) in the loaded index", registry=r)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
