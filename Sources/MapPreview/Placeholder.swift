public enum MapPreviewPlaceholder {}
