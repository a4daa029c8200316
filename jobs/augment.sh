#!/usr/bin/env bash
# Runs the augment job on a Spark cluster through spark-submit, with the project's job jar.
#
#   jobs/augment.sh --master spark://host:7077 [spark-submit options] [augment flags]
#   jobs/augment.sh --master yarn --deploy-mode client --num-executors 8 --input hdfs:///data/train.parquet ...
#
# spark-submit options (--master, --deploy-mode, --conf K=V, --executor-memory, ...) go to
# spark-submit; every other argument goes to 'augment' (see jobs/guidedmixup augment --help).
# Needs spark-submit on PATH or $SPARK_HOME (Spark 3.5, Scala 2.12, Java 17). The job jar is built
# on first use (mvn -DskipTests package). SPARK_SUBMIT overrides the spark-submit command.
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" augment "$@"
