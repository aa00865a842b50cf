using System.Text;
using System.Text.Json;
using GridLine.WeCom.Xml;

namespace GridLine.WeCom.Callbacks;

/// <summary>Turns a decrypted app callback into the JSON stored in the inbox: every element as a field, plus the raw XML.</summary>
public static class AppCallbackPayload
{
    public static string ToJson(XmlElementNode root, string rawXml)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteChildren(writer, root);
            writer.WriteString("raw_xml", rawXml);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteChildren(Utf8JsonWriter writer, XmlElementNode node)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in node.Children)
        {
            // Repeated names (e.g. a stray duplicate) keep the first value, matching how the parser reads them.
            if (!seen.Add(child.Name) || child.Name == "raw_xml") continue;
            writer.WritePropertyName(child.Name);
            WriteValue(writer, child);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, XmlElementNode node)
    {
        if (node.Children.Count == 0)
        {
            writer.WriteStringValue(node.Text);
        }
        else if (IsList(node))
        {
            writer.WriteStartArray();
            foreach (var child in node.Children) WriteValue(writer, child);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartObject();
            WriteChildren(writer, node);
            writer.WriteEndObject();
        }
    }

    // A container whose children all share one name (MemChangeList/Item, SelectedItems/SelectedItem, OptionIds/OptionId) is a list.
    private static bool IsList(XmlElementNode node)
        => node.Children.Count > 1 && node.Children.All(c => c.Name == node.Children[0].Name)
           || node.Children.Count == 1 && (node.Name.EndsWith('s') || node.Name.EndsWith("List", StringComparison.Ordinal));
}
