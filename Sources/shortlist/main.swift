import Service
print("shortlist")
