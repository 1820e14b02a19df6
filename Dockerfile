# One replica of the app, for self-hosting (README, "Deploy"). Not built on the machine this
# project is developed on (it has no container runtime): kept to what Streamlit's own
# deployment guide does, so there is little that could go wrong.
FROM python:3.11-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY .streamlit .streamlit
COPY app.py ./
COPY core core
COPY ui ui
COPY pages pages
COPY locales locales

# Several replicas behind one proxy must share one cookie secret (see deploy/replicas.py):
# docker run -e STREAMLIT_SERVER_COOKIE_SECRET=... on every one of them.
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
