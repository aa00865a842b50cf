namespace GridLine.WeCom.Xml;

/// <summary>One element of a small WeCom XML document: its text (CDATA or bare) and child elements in document order.</summary>
public sealed record XmlElementNode(string Name, string Text, IReadOnlyList<XmlElementNode> Children)
{
    /// <summary>The first child with this name, or null.</summary>
    public XmlElementNode? Child(string name)
    {
        foreach (var child in Children)
            if (string.Equals(child.Name, name, StringComparison.Ordinal)) return child;
        return null;
    }

    /// <summary>The text of the first child with this name, or null when the child is absent.</summary>
    public string? ChildText(string name) => Child(name)?.Text;
}
