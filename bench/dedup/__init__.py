"""The duplicate review's benchmark (bench/duplicates.py), split by job: families, database, measure."""
