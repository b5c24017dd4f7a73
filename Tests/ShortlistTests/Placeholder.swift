// Tests for Shortlist land here.
import Testing
