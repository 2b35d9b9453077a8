# Thin wrappers; nothing hidden. `make book` and `make test` are the two promised commands.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# JupyterLab's own environment (requirements.txt + requirements-lab.txt), inside .venv so
# that git, ruff and the book's build ignore it as they ignore .venv.
LAB_VENV := $(VENV)/lab
LAB_BIN  := $(LAB_VENV)/bin
# Test workers: one per core for `make fast` (its checks keep a core busy); one more than the
# cores for `make test`, whose browser and kernel tests wait on Chromium or a kernel part of
# the time (on 2 cores: 417-453 s with 3 workers, 486-494 s with 2). Tests that share a
# browser or a served site are grouped.
PYTEST_WORKERS ?= auto
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
HTML   := _build/html
PORT   ?= 8000
MATHJAX := tools/mathjax_render/node_modules/.installed

.PHONY: book book-it locales test chromium engines serve bench clean freeze lint fast chapter check-chapters lab lab-env handout

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(BIN)/activate

# Build-time maths (book/_ext/prerender_math.py): MathJax's own Node package, pinned by its
# package-lock.json, installed with npm ci (node and npm from the machine, as for the widget bundle).
$(MATHJAX): tools/mathjax_render/package-lock.json
	cd tools/mathjax_render && npm ci --silent --no-audit --no-fund
	touch $@

$(BIN)/.test-tools: $(BIN)/activate requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# JupyterLab's environment sees the book's packages (a .pth file runs site.addsitedir on
# .venv's site-packages, so its editable install of the models works too) and adds only
# requirements-lab.txt (plus its own copies of the two packages whose commands tools/lab.py
# runs); the book's own environment never gets JupyterLab.
$(LAB_BIN)/.lab: $(BIN)/activate requirements-lab.txt
	$(PYTHON) -m venv $(LAB_VENV)
	$(BIN)/python -c "import sysconfig; print(f'import site; site.addsitedir({sysconfig.get_paths()[\"purelib\"]!r})')" \
	  > "$$($(LAB_BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/nxc-book-env.pth"
	$(LAB_BIN)/pip install --quiet -r requirements-lab.txt
	@# the `jupyter` and `jupytext-config` commands, with this environment's python (tools/lab.py)
	$(LAB_BIN)/pip install --quiet --no-deps --force-reinstall $$(grep -E '^(jupyter_core|jupytext)==' requirements.txt)
	touch $@

## book: build the HTML book with executed notebooks (warnings are errors), both editions:
#        English in _build/html, Italian in _build/html/it (tools/editions.py: prose from the
#        gettext catalogues in locales/it, frames drawn again through the figure catalogue;
#        a figure string missing from locales/it/LC_MESSAGES/figures.po fails the build)
# tools/parallel_execute.py first runs the chapters on every core into the cache the build
# reads (Jupyter Book alone runs them one after another); the build then executes only what
# is missing, and a chapter that fails is run again by the build, which names the cell.
book: $(BIN)/activate $(MATHJAX)
	@# tools/build_book.py: tools/parallel_execute.py, then `jupyter-book build . -W -n --keep-going`
	@# and the Italian edition's Sphinx build side by side in one process, then the Italian figures
	@# and `editions.py link`. The Italian edition does not stop the English one: a failure is
	@# reported ("ITALIAN EDITION NOT BUILT"), and the Italian site tests of `make test` fail on it
	$(BIN)/python tools/build_book.py . _build
	@echo "Book built: $(abspath $(HTML))/index.html (Italian: $(abspath $(HTML))/it/book/intro.html)"

## book-it: the Italian edition again from the English build (after editing locales/it);
##          `tools/editions.py check it` says whether it is complete.
##          `make locales` refreshes every catalogue from the chapters and the English build.
book-it: $(BIN)/activate
	$(BIN)/python tools/editions.py build it
	@$(BIN)/python tools/editions.py check it --complete || echo "The Italian edition is INCOMPLETE (above): not for publication."

locales: $(BIN)/activate
	$(BIN)/python tools/editions.py pot
	$(BIN)/python tools/editions.py update it
	$(BIN)/python tools/editions.py extras it

## test: every test (models, explorer, notebooks, built site, browser); builds the book first
# tools/ensure-chromium.sh installs Debian's Chromium when missing (root + apt-get) or stops
# at once with the command to run, before anything is built or tested; tools/ensure-engines.sh
# does the same for Firefox ESR, WebKitGTK, xvfb and the pinned puppeteer-core (npm ci).
# Runs on every core (pytest-xdist); `make test TEST_WORKERS=0` runs in one process.
test: chromium engines $(BIN)/.test-tools $(LAB_BIN)/.lab book
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

## chromium: Debian's Chromium for the browser tests (the same step .ci/run takes)
chromium:
	@tools/ensure-chromium.sh

## engines: Firefox ESR, WebKitGTK and xvfb from Debian, puppeteer-core from npm (the same step .ci/run takes)
engines:
	@tools/ensure-engines.sh

## fast: the quick checks a contributor runs while editing (no build, no browser), on every
##       core: chapter template, questions, claims, models, lint, and the figure checks
##       (marker `figures`) of the figures whose module changed since FAST_BASE (git diff)
FAST_BASE ?= HEAD
fast: $(BIN)/.test-tools
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q \
	  -m "not site and not browser and not notebooks and not slow" --changed-since=$(FAST_BASE)

## serve: view the built book on http://127.0.0.1:$(PORT), served as a static host serves it
##        (tools/serve.py: gzip for text, the cache lifetimes of _headers, 304 on revalidation)
serve:
	$(PYTHON) tools/serve.py $(HTML) --port $(PORT)

## lab: the chapters as notebooks in JupyterLab on 127.0.0.1 (jupytext; its own environment,
##      .venv/lab: requirements.txt + requirements-lab.txt, as on Binder)
lab: $(LAB_BIN)/.lab
	$(LAB_BIN)/python tools/lab.py --port $(or $(LAB_PORT),8888)

## lab-env: make JupyterLab's environment only (tests/test_lab.py uses it)
lab-env: $(LAB_BIN)/.lab

## handout: PDFs of the built book (whole course + each chapter; learner and instructor) in _build/handout
handout: $(BIN)/.test-tools
	@test -f $(HTML)/index.html || { echo "build the book first: make book"; exit 2; }
	$(BIN)/python tools/handout.py $(HTML) _build/handout

## bench: speed and size figures, written to benchmarks/RESULTS.md
bench: $(BIN)/.test-tools
	$(BIN)/python benchmarks/run.py

## lint: the pre-commit checks on the whole repository (ruff, ruff format, codespell)
lint: $(BIN)/.test-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell

## chapter: scaffold a chapter from the template, e.g. make chapter NAME=withdrawal TITLE="Withdrawal"
##          (AFTER=book/reward puts it after that chapter; default: before the conclusion)
chapter: $(BIN)/activate
	@if [ -z "$(NAME)" ] || [ -z "$(TITLE)" ]; then \
	  echo 'usage: make chapter NAME=file-name TITLE="Chapter title" [AFTER=book/reward]'; exit 2; fi
	$(BIN)/python tools/new_chapter.py "$(NAME)" "$(TITLE)" $(if $(AFTER),--after "$(AFTER)")

## check-chapters: list what each chapter still lacks from the template (no build needed)
check-chapters: $(BIN)/activate
	$(BIN)/python tools/check_chapters.py $(FILES)

freeze: $(BIN)/activate
	$(BIN)/pip freeze --exclude-editable > /tmp/freeze.txt && echo "see /tmp/freeze.txt"

## clean: remove the build, its execution cache and its frame cache (_build/.nxc_frame_cache)
clean:
	rm -rf _build
