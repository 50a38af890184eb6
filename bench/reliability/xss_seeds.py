#!/usr/bin/env python3
"""Writes XSS seeds for xss.sh: every vector of xss-vectors.txt in the body of a front-matter (Hexo) seed and of a
link-header seed; every fifth also in the title, author, categories or link. Usage: xss_seeds.py VECTORS OUT_DIR"""
import os, sys

vectors = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8") if line.strip() and not line.startswith("#")]
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
title_vectors = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg/onload=alert(1)>",
                 "</title><script>alert(1)</script>", "]]><script>alert(1)</script>"]


def yaml_quote(text):
    return "'" + text.replace("'", "''") + "'"


for i, vector in enumerate(vectors):
    tv = title_vectors[i % len(title_vectors)] if i % 5 == 0 else ""
    body = f"<p>Paragraph before vector {i}.</p>\n{vector}\n<p>Paragraph after vector {i}.</p>\n"
    author = f"Author {i} {tv}".strip() if i % 5 == 0 else f"XSS Desk {i % 3}"
    link = "javascript:alert(1)" if i % 10 == 5 else f"https://xss.example/hexo/{i}"
    with open(os.path.join(out, f"xss-{i:03d}.md"), "w", encoding="utf-8") as f:
        f.write("---\n")
        f.write(f"title: {yaml_quote(f'XSS hexo {i} {tv}'.strip())}\n")
        f.write(f"categories:\n - {yaml_quote('news' + tv)}\n - plain\n")
        f.write(f"author: {yaml_quote(author)}\n")
        f.write(f"link: {yaml_quote(link)}\n")
        f.write(f"date: 2024-01-{1 + i % 28:02d}T{i % 24:02d}:00:00Z\n")
        f.write("---\n\n")
        f.write(body)
    header_link = "javascript:alert(1)" if i % 10 == 7 else f"https://xss.example/link/{i}"
    with open(os.path.join(out, f"xss-{i:03d}.txt"), "w", encoding="utf-8") as f:
        f.write(f"<!--{1704067200000 + i * 60000}-->\n")
        f.write(f"[XSS link-header {i} {tv}]({header_link})\n------\n\n")
        f.write(body)
print(len(vectors) * 2)
