"""Date and number formats that read right in each UI language (FORMAT_MODULE_PATH): Django's Arabic
formats have no date-time format, so dates came out in the English pattern ("ديسمبر 1, 2026")."""
