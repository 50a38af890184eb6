namespace FeedRelay.Seeds;

/// <summary>Walks text line by line, tracking 1-based line numbers for error messages.</summary>
internal sealed class LineReader(string text)
{
    private int _position;

    /// <summary>1-based number of the last line returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Offset of the first character not yet read.</summary>
    public int Position => _position;

    public string? Next()
    {
        if (_position > text.Length || (_position == text.Length && LineNumber > 0 && text[^1] == '\n'))
        {
            return null;
        }

        if (_position == text.Length)
        {
            _position++;
            LineNumber++;
            return "";
        }

        var end = text.IndexOf('\n', _position);
        if (end < 0)
        {
            end = text.Length;
        }

        var line = text[_position..end].TrimEnd('\r');
        _position = end + 1;
        LineNumber++;
        return line;
    }

    public string? NextNonEmpty()
    {
        string? line;
        while ((line = Next()) is not null && string.IsNullOrWhiteSpace(line))
        {
        }

        return line;
    }

    public string? Peek()
    {
        var (position, number) = (_position, LineNumber);
        var line = Next();
        (_position, LineNumber) = (position, number);
        return line;
    }

    public string? PeekNonEmpty()
    {
        var (position, number) = (_position, LineNumber);
        var line = NextNonEmpty();
        (_position, LineNumber) = (position, number);
        return line;
    }

    public string Rest() => _position >= text.Length ? "" : text[_position..];
}
