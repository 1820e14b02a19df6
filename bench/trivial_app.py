"""The yardstick for rerun latency: a page with one slider and nothing else."""

import streamlit as st

value = st.slider("value", 0, 100, 50)
st.write(value)
