"""bot/core/intake"""
