package dev.capstan.server.bench;

import java.time.Duration;

/** The workload's sizes and bounds, from {@code -Dbench.*} system properties. */
record Settings(int clients, int namespaces, int creates, Duration createTime, int gets, Duration getTime,
        int listSize, int lists, Duration listTime, int watchers, int watchWrites, int watchWriters,
        Duration watchWait, Duration warmup, boolean httpStreamWatch) {

    static Settings fromSystemProperties() {
        return new Settings(
                Integer.getInteger("bench.clients", 64),
                Integer.getInteger("bench.namespaces", 4),
                Integer.getInteger("bench.creates", 30_000),
                Duration.ofSeconds(Integer.getInteger("bench.createSeconds", 30)),
                Integer.getInteger("bench.gets", 300_000),
                Duration.ofSeconds(Integer.getInteger("bench.getSeconds", 20)),
                Integer.getInteger("bench.listSize", 1_000),
                Integer.getInteger("bench.lists", 5_000),
                Duration.ofSeconds(Integer.getInteger("bench.listSeconds", 20)),
                Integer.getInteger("bench.watchers", 1_000),
                Integer.getInteger("bench.watchWrites", 200),
                Integer.getInteger("bench.watchWriters", 4),
                Duration.ofSeconds(Integer.getInteger("bench.watchWaitSeconds", 60)),
                Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 5)),
                Boolean.parseBoolean(System.getProperty("bench.httpStreamWatch", "true")));
    }
}
