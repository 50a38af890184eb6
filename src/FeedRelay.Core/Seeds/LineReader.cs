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

    /// <summary><see cref="Rest"/> without leading and trailing white space (as <see cref="string.Trim()"/>), copied once.</summary>
    public string RestTrimmed() => _position >= text.Length ? "" : text.AsSpan(_position).Trim().ToString();

    /// <summary>
    /// The next line at or after <paramref name="position"/> that is not blank (without its line break), read in place so that
    /// a seed whose whole HTML is one line is not copied to look at its start; <paramref name="position"/> moves past it.
    /// Empty when every remaining line is blank.
    /// </summary>
    public static ReadOnlySpan<char> NextNonEmptyLine(string text, ref int position)
    {
        while (position <= text.Length)
        {
            var end = text.IndexOf('\n', Math.Min(position, text.Length));
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text.AsSpan(position, end - position).TrimEnd('\r');
            position = end + 1;
            if (!line.IsWhiteSpace())
            {
                return line;
            }
        }

        return [];
    }
}
