"""gunicorn settings for one Bangfu app server, all from the environment (deploy/README.md).

An app server keeps no state of its own: sessions and sign-in lockouts are in the shared database, caches in
Redis (CACHE_URL), uploads in MEDIA_ROOT on shared storage; so any number of them can stand behind nginx."""

import multiprocessing
import os

bind = os.environ.get("BANGFU_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("BANGFU_WEB_WORKERS", str(min(4, multiprocessing.cpu_count() * 2 + 1))))
threads = int(os.environ.get("BANGFU_WEB_THREADS", "2"))
timeout = int(os.environ.get("BANGFU_WEB_TIMEOUT", "60"))  # long work is a task, never a request
graceful_timeout = 30
max_requests = 2000  # recycle a worker now and then (a slow leak cannot grow without bound)
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("BANGFU_PROXY_IPS", "127.0.0.1")  # nginx, which sets X-Forwarded-Proto
accesslog = "-"
# No query strings in the access log: a search may carry a name (no personal data in logs).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
