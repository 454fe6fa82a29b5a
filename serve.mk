# ---- production serving (docs/deployment.md) -----------------------------------------
# Included from the Makefile. `make serve` migrates, then runs gunicorn with
# deploy/gunicorn.conf.py and, where jobs/ exists, the scheduler (`python -m jobs`) beside it;
# Ctrl-C stops both (`make run` does the same after loading the demo). On extra web hosts of a
# province use `make serve-web`, and run `make serve-scheduler` on two hosts: one leads, the
# other stands by.

BIN ?= .venv/bin
SERVE_BIND ?= 127.0.0.1:8000
# empty: deploy/gunicorn.conf.py decides (four single-threaded workers per core)
SERVE_WORKERS ?=
SERVE_THREADS ?=
GUNICORN_ARGS = -c deploy/gunicorn.conf.py --bind $(SERVE_BIND) \
	$(if $(SERVE_WORKERS),--workers $(SERVE_WORKERS)) $(if $(SERVE_THREADS),--threads $(SERVE_THREADS))
# where the scheduler serves its own /metrics (docs/deployment.md); empty: not served. A
# CASEWORK_JOBS_METRICS_BIND in the environment wins, even an empty one.
JOBS_METRICS_BIND ?= $(if $(filter environment,$(origin CASEWORK_JOBS_METRICS_BIND)),$(CASEWORK_JOBS_METRICS_BIND),127.0.0.1:9101)
SCHEDULER = $(BIN)/python -m jobs --metrics-bind "$(JOBS_METRICS_BIND)"

# gunicorn in the foreground and the scheduler beside it; Ctrl-C (or SIGTERM) stops both.
# Shared by `make serve` and `make run`.
define WEB_AND_SCHEDULER
@echo "casework: http://$(SERVE_BIND)/  health: /healthz  metrics: /metrics (Ctrl-C stops)"
@scheduler=""; \
trap 'test -n "$$scheduler" && kill -TERM $$scheduler 2>/dev/null; wait; exit 0' INT TERM EXIT; \
if [ -f jobs/__main__.py ]; then $(SCHEDULER) & scheduler=$$!; fi; \
$(BIN)/gunicorn $(GUNICORN_ARGS)
endef

.PHONY: serve serve-web serve-scheduler backup rehearse-migrations

# Production refuses the development SECRET_KEY (casework/settings.py); `make run` (the demo)
# keeps it. CASEWORK_ENV=development make serve lifts the check.
serve serve-web: export CASEWORK_ENV ?= production

serve:
	@test -x $(BIN)/gunicorn || { echo "no $(BIN)/gunicorn: run 'make install' first"; exit 1; }
	$(BIN)/flask --app web migrate
	$(WEB_AND_SCHEDULER)

serve-web:
	$(BIN)/gunicorn $(GUNICORN_ARGS)

serve-scheduler:
	$(SCHEDULER)

# A copy of the database under var/backups/ (or BACKUP=path), taken while the service runs.
backup:
	$(BIN)/flask --app web backup $(BACKUP)

# Apply pending migrations to a copy of the data first (SCRATCH_URL: PostgreSQL only).
rehearse-migrations:
	$(BIN)/flask --app web rehearse-migrations $(if $(SCRATCH_URL),--scratch-url $(SCRATCH_URL))
# ---- end of production serving ----------------------------------------------------------------
