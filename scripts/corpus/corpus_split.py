"""The corpus's split by person: train 60 %, validation 20 %, test 20 %, from the SHA-256 of the
person's identifier (a Bioguide id for the US Congress portraits), so it never changes when
photos are added and a person's photos never straddle two splits."""
import hashlib


def split_of(person):
    bucket = hashlib.sha256(person.encode()).digest()[0] % 10
    return "train" if bucket < 6 else "validation" if bucket < 8 else "test"
