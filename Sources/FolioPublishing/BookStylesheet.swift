/// The one stylesheet of EPUB and HTML exports: readable defaults a reading system may override.
enum BookStylesheet {
    static let css = """
        body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; margin: 0 5%; }
        h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
        h1 { font-size: 1.6em; margin: 2em 0 1em; }
        p { margin: 0 0 0.8em; text-align: justify; }
        blockquote { margin: 1em 2em; font-style: italic; }
        pre, code { font-family: "Courier New", monospace; font-size: 0.9em; }
        pre { white-space: pre-wrap; }
        hr { border: none; border-top: 1px solid #999; margin: 2em 30%; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid #999; padding: 0.2em 0.5em; }
        .title-page { text-align: center; margin-top: 20%; }
        .title-page .title { font-size: 2.2em; }
        .title-page .author { font-size: 1.3em; font-style: italic; text-align: center; }
        .title-page .summary { text-align: center; }
        .cover { text-align: center; }
        .cover img { max-width: 100%; max-height: 100%; }
        nav ol { list-style: none; padding-left: 0; }
        section.chapter { page-break-before: always; }

        """
}
