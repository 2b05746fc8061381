"""WeCom (企业微信 / 粤政易) adapter."""
