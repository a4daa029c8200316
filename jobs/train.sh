#!/usr/bin/env bash
# Runs distributed DL4J training on a Spark cluster through spark-submit, with the project's job jar.
#
#   jobs/train.sh --master spark://host:7077 --executor-memory 8g --data hdfs:///augmented/train ...
#   jobs/train.sh --master yarn --num-executors 8 --input hdfs:///data/train.parquet --augment guided ...
#
# spark-submit options go to spark-submit; every other argument goes to 'train' (see
# jobs/guidedmixup train --help). --training-master shared needs the executors to reach each other
# over UDP (Aeron, port train.shared.port); the launcher sets the Aeron timeout property it needs.
# Same requirements as jobs/augment.sh: spark-submit on PATH, $SPARK_HOME or $SPARK_SUBMIT.
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" train "$@"
