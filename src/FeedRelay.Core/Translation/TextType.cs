namespace FeedRelay.Translation;

/// <summary>How the Translator reads the text: plain text, or HTML whose markup it keeps.</summary>
public enum TextType
{
    /// <summary>Plain text.</summary>
    Plain,

    /// <summary>Well-formed HTML made of complete elements; markup survives translation.</summary>
    Html,
}
