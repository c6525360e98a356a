FROM python:3.12-slim
WORKDIR /app
COPY . .
ENV WEB_CONCURRENCY=4
CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "-w", "4", "--timeout=300", "-b", "0.0.0.0:8000", "main:app"]
