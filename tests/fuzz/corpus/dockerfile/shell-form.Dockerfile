FROM python:3.12 AS build
RUN pip install -r requirements.txt
FROM python:3.12-slim
ENV GUNICORN_CMD_ARGS="--keep-alive 75 --backlog 2048"
ENTRYPOINT ["/bin/sh", "-c"]
CMD exec gunicorn --workers=$WORKERS --threads 4 -k gthread \
    # a comment inside the continuation
    --graceful-timeout 30 main:app
