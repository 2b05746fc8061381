"""bot/core/knowledge"""
