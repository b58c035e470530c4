from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "linkwork.bench"
    label = "bench"
    verbose_name = "Benchmarks"
