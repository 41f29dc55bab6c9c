package dev.offload.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' {@code local[2]} session: no UI, loopback only, Spark's console logging kept to warnings. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession start(String app) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName(app)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
