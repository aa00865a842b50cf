using System.Text;
using System.Xml;

namespace GridLine.WeCom.Xml;

/// <summary>
/// Reads WeCom XML into <see cref="XmlElementNode"/>s with DTDs prohibited, no resolver and hard size limits,
/// so XXE and entity-expansion payloads fail before anything is expanded.
/// </summary>
public static class SafeXml
{
    /// <summary>Upper bound on document characters; WeCom callbacks are a few KB.</summary>
    public const long MaxCharacters = 1_000_000;
    private const int MaxDepth = 16;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CloseInput = true,
    };

    /// <summary>Parses <paramref name="xml"/>; returns null (with a reason) instead of throwing on malformed or hostile input.</summary>
    public static XmlElementNode? TryParse(string xml, out string? error)
    {
        error = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element) { error = "no root element"; return null; }
            var root = ReadElement(reader, 0);
            // Anything after the root other than whitespace/comments is malformed; Read() throws on a second root.
            while (reader.Read()) { }
            return root;
        }
        catch (XmlException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (InvalidOperationException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private static XmlElementNode ReadElement(XmlReader reader, int depth)
    {
        if (depth > MaxDepth) throw new XmlException("XML nested too deeply.");
        var name = reader.LocalName;
        var children = new List<XmlElementNode>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return new XmlElementNode(name, "", children);
        }

        var text = new StringBuilder();
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    children.Add(ReadElement(reader, depth + 1));
                    continue; // ReadElement already advanced past the child
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    text.Append(reader.Value);
                    break;
                case XmlNodeType.None:
                    throw new XmlException("Unexpected end of document.");
            }
            reader.Read();
        }
        reader.Read(); // past the end tag
        // Whitespace between child elements is layout, not a value.
        var value = children.Count > 0 ? text.ToString().Trim() : text.ToString();
        return new XmlElementNode(name, value, children);
    }
}
