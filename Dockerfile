# The image compose.yaml runs, as web tier or worker (its command says which). Installed in place (-e):
# the prompts are read from the source tree beside server/.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY prompts ./prompts
RUN pip install --no-cache-dir -e ".[postgres]" \
  && useradd --create-home rapport && mkdir /instance && chown rapport /instance
USER rapport
EXPOSE 8765
